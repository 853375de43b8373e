// e2e.mjs: gongkai serve in a real browser (issue 12 item 6; docs/server.md
// "Tests and proof"). Debian's chromium driven by playwright-core (no
// browser download), axe-core on every page.
//
// A fresh ledger and `gongkai serve` on 127.0.0.1 port 0 (the printed port),
// then the life of one application as an office lives it:
//   an applicant applies online and keeps the receipt's tracking code →
//   the clerk logs in, finds it in the queue, asks for 补正 → the status
//   page (by tracking code) says 待补正 → the clerk registers the corrected
//   application when it arrives (by mail, in person or e-mail: the office
//   records the day it received it, 第三十条) → the clerk answers 予以公开 →
//   the status page shows the answer → this year's report counts it: the
//   cell (三)(一) 予以公开 × 自然人 and its 总计 each grew by exactly one.
// Each main page gets a screenshot (1280×800 PNG) and an axe-core run: no
// violation of impact serious or critical.
//
// Env: GONGKAI (the binary), GK_BUILD_DIR, GK_SCREENSHOTS (where the PNGs go;
// default BUILD/e2e-screenshots, `make screenshots` writes docs/screenshots),
// GK_CHROMIUM (default Debian's /usr/lib/chromium/chromium).
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let chromium, axeSource;
try {
  ({ chromium } = require("playwright-core"));
  axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
} catch (e) {
  console.log("FAIL: tests/e2e/node_modules is missing: run `make e2e-deps` " +
              "(npm ci in tests/e2e). " + e.message);
  process.exit(1);
}

const G = process.env.GONGKAI;
if (!G) throw new Error("GONGKAI (the gongkai binary) is not set");
const shots = process.env.GK_SCREENSHOTS ||
  path.join(process.env.GK_BUILD_DIR || os.tmpdir(), "e2e-screenshots");
const exe = process.env.GK_CHROMIUM ||
  ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].find((p) => fs.existsSync(p));

let passed = 0, failed = 0;
function check(name, cond, detail = "") {
  if (cond) passed++;
  else {
    failed++;
    console.log(`FAIL: ${name} ${String(detail).slice(0, 2000)}`);
  }
}

// --- the server: a fresh ledger, a clerk, one catalogue record ---
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gk_e2e_"));
const db = path.join(dir, "office.db");
const g = (args, input) =>
  execFileSync(G, args, { input, stdio: ["pipe", "pipe", "pipe"], timeout: 120000 });
g(["ledger", "init", "--db", db, "--agency", "示例县人民政府办公室", "--level",
   "county_gov_or_above"]);
// The date in China decides the ledger's today (gk_ledger_today).
const china = new Date(Date.now() + 8 * 3600 * 1000);
const year = china.getUTCFullYear();
// An application made late in December ends its period next year: a test
// holiday notice for next year (as tests/cli/serve_lib.py does); a year the
// built-in calendar has is refused, harmless.
for (const y of [year, year + 1]) {
  try {
    g(["ledger", "calendar-add", "--db", db, "-"],
      `notice ${y} 测试用〔${year}〕${y}号 ${year}-01-01\noff  ${y}-01-01..${y}-01-01 元旦\n`);
  } catch { /* already in the calendar */ }
}
// Work already there, as in an office: last year's applications (closed)
// and one open application for each of the last eight days, made by the
// demo's generator (tools/demo_apps.awk). None is in this year's 予以公开.
const src = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const recent = [8, 7, 6, 5, 4, 3, 2, 1].map((k) =>
  new Date(china.getTime() - k * 86400000).toISOString().slice(0, 10));
fs.writeFileSync(path.join(dir, "apps.csv"), execFileSync("awk", [
  "-v", `year=${year - 1}`, "-v", "n=120", "-v", `recent=${recent.join(" ")}`,
  "-f", path.join(src, "tools", "demo_apps.awk")]));
g(["ledger", "import", "--db", db, path.join(dir, "apps.csv")]);
for (const [k, v] of [["office_name", "示例县人民政府办公室政务公开科"],
                      ["phone", "0000-1234567"], ["address", "示例县人民路1号"]])
  g(["serve", "setting", "set", "--db", db, k, v]);
g(["serve", "user", "add", "--db", db, "--name", "clerk", "--role", "clerk"],
  "e2e-clerk-password\n");
g(["serve", "user", "add", "--db", db, "--name", "head", "--role", "head"],
  "e2e-head-password\n");
g(["record", "add", "--db", db, "--actor", "drafter", "--kind", "normative",
   "--doc-no", `示府发〔${year}〕1号`, "--title", "示例县政府信息公开工作规定",
   "--date", `${year}-01-02`]);
g(["record", "approve", "--db", db, "--actor", "reviewer", "1"]);

const errPath = path.join(dir, "serve.err");
const errFd = fs.openSync(errPath, "w");
const server = spawn(G, ["serve", "--db", db, "--listen", "127.0.0.1:0"],
                     { stdio: ["ignore", "ignore", errFd] });
let browser = null;
// whatever fails below, the server is stopped and the files removed
const cleanup = () => {
  if (server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  fs.rmSync(dir, { recursive: true, force: true });
};
process.on("exit", cleanup);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let port = null;
for (let i = 0; i < 400 && !port; i++) { // 20 s at most
  await sleep(50);
  const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(fs.readFileSync(errPath, "utf8"));
  if (m) port = Number(m[1]);
  if (server.exitCode !== null) break;
}
if (!port) {
  console.log("FAIL: server did not start: " + fs.readFileSync(errPath, "utf8").slice(-1500));
  process.exit(1);
}
const base = `http://127.0.0.1:${port}`;

// --- the browser ---
check("chromium found", exe, "install Debian's chromium (make deps-test)");
// no network but loopback here: nothing in the background may dial out
const args = ["--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
browser = await chromium.launch({ executablePath: exe, args, headless: true });
const viewport = { width: 1280, height: 800 };
const applicant = await (await browser.newContext({ viewport, locale: "zh-CN" })).newPage();
const clerk = await (await browser.newContext({ viewport, locale: "zh-CN" })).newPage();
fs.mkdirSync(shots, { recursive: true });

// axe-core in the page (evaluated through the DevTools protocol: the
// server's CSP, which forbids every script, stays on), then the screenshot.
async function audit(page, name) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() =>
    globalThis.axe.run(document, { resultTypes: ["violations"] }));
  const bad = res.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check(`axe: ${name} has no serious or critical violation`, bad.length === 0,
        JSON.stringify(bad.map((v) => ({ id: v.id, impact: v.impact,
          nodes: v.nodes.slice(0, 3).map((n) => n.html) }))));
  // a header cell without text (the report tables' corner) is only a
  // minor finding for axe, but a screen reader announces nothing for it
  const empty = res.violations.filter((v) => v.id === "empty-table-header");
  check(`axe: ${name} has no empty table header`, empty.length === 0,
        JSON.stringify(empty.map((v) => v.nodes.slice(0, 3).map((n) => n.html))));
  if (name) await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function go(page, url, name) {
  const r = await page.goto(base + url);
  check(`GET ${url} is 200`, r && r.status() === 200, r && r.status());
  if (name) await audit(page, name);
  return r;
}

// The number in a table cell of the report page: the row whose label is
// 'rowLabel' in the table that follows heading 'section', the column whose
// header (the closest header row above it) is 'colLabel'.
async function reportCell(page, section, rowLabel, colLabel) {
  return page.evaluate(([section, rowLabel, colLabel]) => {
    const h = [...document.querySelectorAll("h2")].find((e) => e.textContent.trim() === section);
    let t = h && h.nextElementSibling;
    while (t && t.tagName !== "TABLE") t = t.nextElementSibling;
    if (!t) return null;
    let header = null;
    for (const tr of t.querySelectorAll("tr")) {
      const cells = [...tr.children];
      if (cells.length > 1 && cells.every((c) => c.tagName === "TH")) header = cells;
      else if (cells[0] && cells[0].textContent.trim() === rowLabel && header) {
        const i = header.findIndex((c) => c.textContent.trim() === colLabel);
        return i > 0 && cells[i] ? Number(cells[i].textContent.trim()) : null;
      }
    }
    return null;
  }, [section, rowLabel, colLabel]);
}
const APPLY_SECTION = "三、收到和处理政府信息公开申请情况";
const GRANTED = "（一）予以公开";
const counts = async () => [
  await reportCell(clerk, APPLY_SECTION, GRANTED, "自然人"),
  await reportCell(clerk, APPLY_SECTION, GRANTED, "总计"),
];

try {
  // the public site
  await go(applicant, "/", "home");
  await go(applicant, "/guide", "guide");
  await go(applicant, "/catalogue", "catalogue");
  check("目录 lists the approved record",
        (await applicant.textContent("main")).includes("示例县政府信息公开工作规定"));

  // the clerk logs in and notes this year's report before the application
  await go(clerk, "/login", "login");
  await clerk.fill("#name", "clerk");
  await clerk.fill("#password", "e2e-clerk-password");
  await Promise.all([clerk.waitForURL(base + "/office*"), clerk.click("button[type=submit]")]);
  check("the clerk lands in the office", clerk.url().startsWith(base + "/office"), clerk.url());
  await go(clerk, `/office/report?year=${year}`);
  const before = await counts();
  check("the report shows the cells", before.every((v) => Number.isInteger(v)), JSON.stringify(before));

  // an applicant applies online (第二十九条)
  await go(applicant, "/apply", "apply");
  await applicant.selectOption("#applicant_type", "natural");
  await applicant.fill("#name", "张三");
  await applicant.selectOption("#id_type", "resident_id");
  await applicant.fill("#id_number", "11010519491231002X");
  await applicant.fill("#phone", "13800000000");
  await applicant.fill("#description", `${year}年本县义务教育经费使用情况`);
  await applicant.selectOption("#form", "electronic");
  await applicant.selectOption("#delivery", "email");
  const [resp] = await Promise.all([
    applicant.waitForNavigation(),
    applicant.click("button[type=submit]"),
  ]);
  check("POST /apply is 200", resp && resp.status() === 200, resp && resp.status());
  const row = async (page, th) =>
    (await page.locator(`tr:has(th:text-is("${th}")) td`).first().textContent()).trim();
  const ref = await row(applicant, "受理编号");
  const code = await row(applicant, "查询码");
  check("the receipt has a ref", /^WS\d{8}-[0-9A-F]{8}$/.test(ref), ref);
  check("the receipt has a tracking code", /^([2-9A-HJ-NP-Z]{5}-){3}[2-9A-HJ-NP-Z]{5}$/.test(code), code);
  check("the receipt masks the ID number",
        !(await applicant.content()).includes("11010519491231002X"));
  await audit(applicant, "receipt");

  // the clerk sees it in the queue and asks for 补正 (第三十条)
  await go(clerk, "/office?view=all", "queue");
  const link = clerk.locator(`a[href="/office/app/${ref}"]`);
  check("the queue lists the application", (await link.count()) === 1);
  await Promise.all([clerk.waitForURL(`${base}/office/app/${ref}`), link.first().click()]);
  await audit(clerk, "application");
  const act = async (action, fill) => {
    const f = clerk.locator(`form.act:has(input[name=action][value="${action}"])`);
    check(`the application page offers ${action}`, (await f.count()) === 1);
    if (fill) await fill(f);
    const [r] = await Promise.all([clerk.waitForNavigation(), f.locator("button[type=submit]").click()]);
    check(`${action} is accepted`, r && r.status() === 200 && clerk.url() === `${base}/office/app/${ref}`,
          `${r && r.status()} ${clerk.url()} ${(await clerk.textContent("main")).slice(0, 300)}`);
  };
  await act("request-correction");

  // the applicant's status page says so
  const status = async (shot) => {
    await go(applicant, "/status");
    await applicant.fill("#code", code.toLowerCase()); // as typed: case ignored
    const [r] = await Promise.all([applicant.waitForNavigation(), applicant.click("button[type=submit]")]);
    check("the status lookup is 200", r && r.status() === 200, r && r.status());
    if (shot) await audit(applicant, shot);
    return applicant.textContent("main");
  };
  let t = await status("status");
  check("status: 待补正 with its 补正期限", t.includes(ref) && t.includes("待补正") && t.includes("补正期限"), t);
  check("status: the step 要求补正 is listed", t.includes("要求补正"), t);

  // the corrected application arrives; the clerk registers it, then answers
  await act("correct");
  await act("answer", (f) => f.locator("select[name=outcome]").selectOption("granted"));
  t = await status(null);
  check("status: answered 予以公开", t.includes("已答复") && t.includes("予以公开"), t);
  check("status: the steps 要求补正, 收到补正, 答复 in order",
        /要求补正[\s\S]*收到补正[\s\S]*答复/.test(t), t);

  // the clerk prints the 答复书: the link beside the answer step opens the
  // letter (printable HTML), which carries the ref, the outcome and its
  // article, and the Word version downloads
  await go(clerk, `/office/app/${ref}`);
  const letter = clerk.locator(`a.letter[href="/office/app/${ref}/letter/answer?n=1"]`);
  check("the answer step links its 答复书", (await letter.count()) === 1);
  const [lr] = await Promise.all([clerk.waitForNavigation(), letter.first().click()]);
  check("the 答复书 is 200", lr && lr.status() === 200, lr && lr.status());
  await audit(clerk, "letter");
  const lt = await clerk.textContent("body");
  check("the 答复书 is titled so", lt.includes("政府信息公开申请答复书"), lt.slice(0, 300));
  check("the 答复书 names the ref and the outcome", lt.includes(ref) && lt.includes("予以公开"),
        lt.slice(0, 600));
  check("the 答复书 cites 第三十六条", lt.includes("第三十六条"), lt.slice(0, 600));
  check("the 答复书 shows no full ID number", !lt.includes("11010519491231002X"));
  const docx = await clerk.request.get(`${base}/office/app/${ref}/letter/answer?format=docx`);
  const head = Buffer.from(await docx.body()).subarray(0, 2).toString("latin1");
  check("the 答复书 downloads as .docx", docx.status() === 200 && head === "PK",
        `${docx.status()} ${head}`);

  // this year's report counts the application in the right cell, once
  await go(clerk, `/office/report?year=${year}`);
  const after = await counts();
  // the screenshot shows table 三, where the application was counted
  await clerk.locator(`h2:text-is("${APPLY_SECTION}")`).scrollIntoViewIfNeeded();
  await audit(clerk, "report");
  check("予以公开 × 自然人 grew by exactly one", after[0] === before[0] + 1,
        `${before[0]} → ${after[0]}`);
  check("予以公开 × 总计 grew by exactly one", after[1] === before[1] + 1,
        `${before[1]} → ${after[1]}`);
  // and last year's public report page renders as the public sees it
  await go(applicant, `/reports/${year - 1}`, "public-report");

  // the office head edits the 答复书's template in the browser: a bad one
  // is refused with its place and the text stays in the form; a good one
  // is used by the next letter
  const chief = await (await browser.newContext({ viewport, locale: "zh-CN" })).newPage();
  await chief.goto(base + "/login");
  await chief.fill("#name", "head");
  await chief.fill("#password", "e2e-head-password");
  await Promise.all([chief.waitForURL(base + "/office*"), chief.click("button[type=submit]")]);
  await go(chief, "/office/letters/answer", "letter-template");
  const tpl = await chief.inputValue("#template");
  const save = "form[action='/office/letters/answer'] button[type=submit]";
  await chief.fill("#template", tpl + "\n本机关账户：{{bank_account}}\n");
  const [bad] = await Promise.all([chief.waitForNavigation(), chief.click(save)]);
  check("a bad template is refused (400)", bad && bad.status() === 400, bad && bad.status());
  await audit(chief, null);
  const alert = await chief.textContent("[role=alert]");
  check("the refusal names the line and column", /answer\.txt 第 \d+ 行第 \d+ 列/.test(alert), alert);
  check("the refused text stays in the form",
        (await chief.inputValue("#template")).includes("{{bank_account}}"));
  await chief.fill("#template", tpl + "\n本答复书按本机关修改的模板出具。\n");
  const [good] = await Promise.all([chief.waitForNavigation(), chief.click(save)]);
  check("a good template is saved", good && good.status() === 200 &&
        chief.url() === base + "/office/letters/answer", chief.url());
  await go(clerk, `/office/app/${ref}/letter/answer`);
  check("the next 答复书 uses it",
        (await clerk.textContent("body")).includes("本答复书按本机关修改的模板出具。"));
} catch (e) {
  check("the flow ran to its end", false, e && e.stack);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  const rc = await new Promise((res) => {
    const t = setTimeout(() => { server.kill("SIGKILL"); res(null); }, 60000);
    server.on("exit", (c) => { clearTimeout(t); res(c); });
    if (server.exitCode !== null) { clearTimeout(t); res(server.exitCode); }
  });
  check("the server stops with exit 0", rc === 0, rc + " " + fs.readFileSync(errPath, "utf8").slice(-1500));
}
for (const f of fs.readdirSync(shots).filter((f) => f.endsWith(".png"))) {
  const size = fs.statSync(path.join(shots, f)).size;
  check(`screenshot ${f} is under 300 KB`, size < 300 * 1024, size);
}
console.log(`e2e: ${passed} passed, ${failed} failed (screenshots in ${shots})`);
process.exit(failed ? 1 : 0);
