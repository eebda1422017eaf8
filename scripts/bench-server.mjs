// Editor latency, measured on the real language server (dist/server.js over stdio):
// open a spec, then make one-character edits one at a time, each timed from
// didChange to the publishDiagnostics of its version. Also checks statically that
// the extension client bundle carries no linting code, so the extension host does none.
// Used by bench.mjs; always measures dist/server.js, which bundles its own engine.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const LINTED = 'apiPatterns/linted';
const WARMUP = 5;
const TIMEOUT_MS = 30_000;
const TARGET_MS = 50;
// Engine entry point, a rule id and the yaml parser's composer: what linting code would bring along.
const ENGINE_MARKERS = ['lintDocument', 'post-idempotency-key', 'composeNode'];

/**
 * specs: [{ file, edits, target }], `target` marking those the 50 ms p95 target applies to.
 * Prints the table and the client bundle check; returns false if anything failed.
 */
export async function benchServer(distDir, specs) {
  const serverPath = path.join(distDir, 'server.js');
  if (!fs.existsSync(serverPath)) {
    console.error(`${serverPath} not found: run "npm run build".`);
    return false;
  }
  const rows = [];
  for (const spec of specs) {
    const name = path.basename(spec.file);
    console.error(`editing ${name} through the language server...`);
    try {
      rows.push({ name, ...spec, ...(await measureEdits(serverPath, spec.file, spec.edits)) });
    } catch (e) {
      console.error(`${name}: ${e.message}`);
      rows.push({ name, ...spec, error: true });
    }
  }
  printTable(rows);

  console.log();
  const ok = rows.filter((r) => !r.error);
  const targeted = ok.filter((r) => r.target);
  if (targeted.length) {
    const verdicts = targeted.map((r) => `${r.name} ${r.e2e.p95.toFixed(0)} ms (${r.e2e.p95 <= TARGET_MS ? 'within' : 'MISSED'})`);
    console.log(`p95 edit→diagnostics on the ~1 MB spec vs the ${TARGET_MS} ms target: ${verdicts.join(', ')}.`);
  }
  const anomalies = ok.flatMap((r) => r.anomalies.map((a) => `${r.name}: ${a}`));
  if (ok.length) {
    console.log(
      anomalies.length
        ? `Server anomalies: ${anomalies.slice(0, 5).join('; ')}${anomalies.length > 5 ? ` (+${anomalies.length - 5} more)` : ''}.`
        : 'Server: each version got one publishDiagnostics and one apiPatterns/linted, none stale or duplicated.',
    );
  }
  const clientClean = printClientCheck(distDir);
  const failed = rows.filter((r) => r.error);
  if (failed.length) console.log(`FAILED: ${failed.map((r) => r.name).join(', ')} (see errors above).`);
  return !failed.length && !anomalies.length && clientClean;
}

async function measureEdits(serverPath, file, edits) {
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const server = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
  const exited = new Promise((_, reject) => {
    server.on('error', reject);
    server.on('exit', (code, signal) => reject(new Error(`server exited (${signal ?? `code ${code}`})${stderr && `: ${stderr}`}`)));
  });
  exited.catch(() => {}); // observed through bounded() only
  const conn = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const bounded = (promise, what) => {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no reply within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    });
    return Promise.race([promise, exited, timeout]).finally(() => clearTimeout(timer));
  };

  // version → { diagnostics: { at, count }, linted: ms }; edits are sequential, so anything
  // for another version than the one awaited is stale or duplicated.
  const results = new Map();
  const anomalies = [];
  let waiting = { version: 0, resolve: () => {} };
  const arrived = (kind, version, value) => {
    const r = results.get(version) ?? {};
    results.set(version, r);
    if (version !== waiting.version || r[kind] !== undefined) anomalies.push(`${kind} for version ${version} while awaiting ${waiting.version}`);
    r[kind] ??= value;
    if (version === waiting.version && r.diagnostics && r.linted !== undefined) waiting.resolve(r);
  };
  const waitFor = (version) => new Promise((resolve) => (waiting = { version, resolve }));
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri === uri) arrived('diagnostics', p.version, { at: performance.now(), count: p.diagnostics.length });
  });
  conn.onNotification(LINTED, (p) => {
    if (p.uri === uri) arrived('linted', p.version, p.ms);
  });
  conn.listen();

  try {
    const folder = pathToFileURL(path.dirname(file)).href;
    await bounded(
      conn.sendRequest('initialize', {
        processId: process.pid, // the server exits by itself if this bench dies
        rootUri: folder,
        workspaceFolders: [{ uri: folder, name: path.basename(path.dirname(file)) }],
        capabilities: { workspace: { configuration: false } },
      }),
      'initialize',
    );
    await conn.sendNotification('initialized', {});

    const json = file.endsWith('.json');
    let done = waitFor(1);
    const opened = performance.now();
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: json ? 'json' : 'yaml', version: 1, text },
    });
    const first = await bounded(done, 'didOpen');
    const openMs = first.diagnostics.at - opened;

    const at = editPosition(text.split('\n'), json);
    const samples = [];
    let last = first;
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      // Insert then delete the same character, so the text alternates between two states.
      const range = { start: at, end: { line: at.line, character: at.character + (i % 2) } };
      done = waitFor(version);
      const sent = performance.now();
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text: i % 2 ? '' : 'x' }],
      });
      last = await bounded(done, `edit ${i + 1} (version ${version})`);
      if (i >= WARMUP) samples.push({ e2e: last.diagnostics.at - sent, lint: last.linted });
    }

    await bounded(conn.sendRequest('shutdown'), 'shutdown');
    await conn.sendNotification('exit');
    await Promise.race([exited.catch(() => {}), new Promise((r) => setTimeout(r, 5000).unref())]);
    return {
      sizeMb: fs.statSync(file).size / 1024 / 1024,
      measured: samples.length,
      openMs,
      e2e: stats(samples.map((s) => s.e2e)),
      lint: stats(samples.map((s) => s.lint)),
      // Per edit, so that it is the debounce plus transport of each edit, not a difference of medians.
      waitMs: stats(samples.map((s) => s.e2e - s.lint)).median,
      findings: last.diagnostics.count,
      anomalies,
    };
  } finally {
    conn.dispose();
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
}

/** After the first letter of a one-line description at or after the middle line. */
function editPosition(lines, json) {
  // In YAML, a quoted key at the start of a line is most likely JSON inside a code sample's block scalar.
  const pattern = json ? /^(\s*"description": ")[A-Za-z]/ : /^(\s*description: )[A-Za-z]/;
  for (let line = lines.length >> 1; line < lines.length; line++) {
    const m = pattern.exec(lines[line]);
    if (m) return { line, character: m[1].length + 1 };
  }
  throw new Error('no description string in the second half of the file');
}

function stats(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  // Upper median as in bench.mjs; nearest-rank p95.
  return { median: sorted[sorted.length >> 1], p95: sorted[Math.ceil(sorted.length * 0.95) - 1] };
}

function printTable(rows) {
  const header = ['file', 'size (MB)', 'edits', 'open→diag (ms)', 'edit→diag median', 'edit→diag p95', 'lint median', 'lint p95', 'wait+IPC median', 'findings'];
  const ms = (x) => x.toFixed(0);
  const cells = rows.map((r) =>
    r.error
      ? [r.name, 'ERROR', ...header.slice(2).map(() => '')]
      : [r.name, r.sizeMb.toFixed(2), `${r.measured} (+${WARMUP})`, ms(r.openMs), ms(r.e2e.median), ms(r.e2e.p95), ms(r.lint.median), ms(r.lint.p95), ms(r.waitMs), String(r.findings)],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((v, i) => (i ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join(' | ')} |`;
  console.log();
  console.log('Editor latency through the language server (ms; edits after a warm-up; lint = in-server time, wait = debounce + transport):');
  console.log();
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

/** The extension host only forwards to the server if the client bundle has no engine or parser in it. */
function printClientCheck(distDir) {
  const probe = (name) => {
    const file = path.join(distDir, name);
    const text = fs.readFileSync(file, 'utf8');
    const sources = JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')).sources;
    const count = (re) => sources.filter((s) => re.test(s)).length;
    return {
      name,
      mb: (fs.statSync(file).size / 1024 / 1024).toFixed(2),
      modules: `${count(/(^|\/)src\/core\//)} engine, ${count(/\/node_modules\/yaml\//)} yaml, ${count(/\/node_modules\/jsonc-parser\//)} jsonc-parser modules`,
      markers: ENGINE_MARKERS.filter((m) => text.includes(m)),
      clean: !sources.some((s) => /(^|\/)src\/core\/|\/node_modules\/(yaml|jsonc-parser)\//.test(s)),
    };
  };
  const client = probe('extension.js');
  const server = probe('server.js');
  const has = (p) => (p.markers.length ? p.markers.join(', ') : `none of ${ENGINE_MARKERS.join(', ')}`);
  const clean = client.clean && client.markers.length === 0;
  console.log(
    `Extension host ${clean ? 'does no linting' : 'BUNDLES LINTING CODE'}: ${client.name} (${client.mb} MB) has ${client.modules} and ${has(client)}; ` +
      `${server.name} (${server.mb} MB) has ${server.modules} and ${has(server)}.`,
  );
  return clean;
}
