/* docx_internal.h: what the .docx reader's files share (never installed).
 *
 * docx.c streams the parts of a package through libxml2's xmlTextReader
 * with the safe options and limits (gk__docx_walk_part, docx_xml.c);
 * docx_numbering.c uses the same walk for word/numbering.xml and
 * word/styles.xml and turns a paragraph's w:numPr into the label Word shows
 * (一、 （一） 1.). */
#ifndef GK_DOCX_INTERNAL_H
#define GK_DOCX_INTERNAL_H

#include "../pkg/pkg.h"

#include <libxml/xmlreader.h>

#define GK__W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define GK__W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"

/* Called for every node of a part (element, end, text...); 'type' is
 * xmlTextReaderNodeType. Setting '*skip' steps over the element's
 * subtree. A status other than GK_OK stops the walk. */
typedef gk_status (*gk__docx_visit)(void *ud, xmlTextReaderPtr xr, int type,
                                    bool *skip);

/* Streams 'part' of 'pkg' (inflated as the parser asks) through 'visit'.
 * No entity substitution, DTD loading or network; a DTD or entity is
 * refused, depth is capped by lim->max_xml_depth. Every failure fills
 * 'err' naming the part and the line and column in it. */
gk_status gk__docx_walk_part(gk__pkgr *pkg, const char *part,
                             const gk_limits *lim, gk_error *err,
                             gk__docx_visit visit, void *ud);

/* Fails with 'st' at the reader's position in 'part'. */
gk_status gk__docx_xml_fail(xmlTextReaderPtr xr, const char *part,
                            gk_error *err, gk_status st, const char *zh,
                            const char *en);

/* True if 'ns' is WordprocessingML's namespace (transitional or strict). */
bool gk__docx_is_w(const xmlChar *ns);

/* The element's w:NAME attribute (either namespace) or NULL; xmlFree it. */
xmlChar *gk__docx_attr(xmlTextReaderPtr xr, const char *name);

/* === Numbering (docx_numbering.c) === */

typedef struct gk__numbering gk__numbering;

/* Reads word/numbering.xml and the paragraph styles' numbering of
 * word/styles.xml (both optional). '*out' is NULL when the package has
 * no numbering part: nothing can be numbered then. */
gk_status gk__numbering_read(gk__numbering **out, const gk_alloc *a,
                             gk__pkgr *pkg, const gk_limits *lim,
                             gk_error *err);
void gk__numbering_free(gk__numbering *n);

#define GK__LABEL_MAX 512 /* bytes of one label: lvlText is capped */

/* Counts a paragraph of style 'style' (its w:pStyle, NULL or "" for the
 * default paragraph style) with its own w:numPr ('num_id', 'ilvl'; -1
 * when absent) and writes the label Word shows, followed by its suffix
 * (a space for a tab or space, nothing for "nothing"), into 'out' (room
 * for GK__LABEL_MAX bytes). Returns the label's length: 0 for a paragraph
 * without numbering, a bullet, or numbering that refers to nothing. */
size_t gk__numbering_label(gk__numbering *n, const char *style, int32_t num_id,
                           int32_t ilvl, char *out);

#endif /* GK_DOCX_INTERNAL_H */
