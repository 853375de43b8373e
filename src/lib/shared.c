/* shared.c: libgongkai.so is linked from the static library's objects
 * (CMakeLists.txt, whole archive); CMake wants one source of its own. */
#include "gongkai.h"
