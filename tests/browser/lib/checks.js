// A small check runner: each check passes or fails with a reason; nothing is skipped silently.
export class Checks {
  constructor(stage) {
    this.stage = stage;
    this.results = [];
  }

  // Runs FN; a thrown error is the failure's reason. BLOCKED_BY names a failed check this one
  // needs: it then fails at once, saying so, rather than timing out.
  async check(name, fn, { blockedBy } = {}) {
    const started = Date.now();
    if (blockedBy && !this.passed(blockedBy)) {
      return this.record(name, false, `not attempted: needs "${blockedBy}"`, started);
    }
    try {
      const note = await fn();
      return this.record(name, true, note || '', started);
    } catch (err) {
      return this.record(name, false, err && err.message ? err.message.split('\n')[0] : String(err), started);
    }
  }

  record(name, ok, detail, started) {
    const r = { stage: this.stage, name, ok, detail, ms: Date.now() - started };
    this.results.push(r);
    console.log(`${ok ? 'PASS' : 'FAIL'} [${this.stage}] ${name}${detail ? ` — ${detail}` : ''}`);
    return ok;
  }

  passed(name) {
    return this.results.some((r) => r.name === name && r.ok);
  }
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
