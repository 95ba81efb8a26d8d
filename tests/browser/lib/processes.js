// The processes a stage needs: Mosquitto, the gateway, the floor harness. Each is killed by
// stopAll(), whatever happened.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

const started = [];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Starts COMMAND with ARGS, its output appended to LOG; resolves once READY() holds.
export async function start(name, command, args, { log, cwd, ready, timeoutMs = 20000 }) {
  const out = createWriteStream(log, { flags: 'a' });
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    out.write(chunk);
    output = (output + chunk.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const proc = { name, child, output: () => output, get exited() { return exited; } };
  started.push(proc);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${name} exited (${exited.code ?? exited.signal}); see ${log}`);
    if (await ready(proc)) return proc;
    await sleep(100);
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms; see ${log}`);
}

export async function stopAll() {
  for (const p of started.reverse()) {
    if (p.exited) continue;
    p.child.kill('SIGTERM');
    for (let i = 0; i < 50 && !p.exited; i++) await sleep(100);
    if (!p.exited) p.child.kill('SIGKILL');
  }
  started.length = 0;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export async function httpUp(url) {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

// Runs COMMAND to completion; rejects with its stderr on a non-zero exit.
export function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${err.trim()}`))));
  });
}
