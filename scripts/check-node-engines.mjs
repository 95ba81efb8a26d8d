// Fails when a locked npm package does not run on Debian bookworm's own Node.js.
// The two commands of the README must work on a fresh bookworm, whose nodejs
// is 18.19 (18.20 with its security updates); a machine with a newer Node would
// build and test happily with a package that bookworm's cannot run, so the
// lock files themselves are checked against the version Debian ships.
//   node scripts/check-node-engines.mjs [VERSION] LOCKFILE...
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

export const BOOKWORM_NODE = "18.19.0";

const parse = (v) => v.replace(/^v/, "").split(".").map((p) => Number.parseInt(p, 10) || 0);
const cmp = (a, b) => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

// One comparator of a range: ^x.y.z, ~x.y.z, >=, >, <=, <, =, x, x.y, x.x, *.
export function satisfiesComparator(version, comparator) {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*v?([\d*x]+(?:\.[\d*x]+){0,2})$/.exec(comparator);
  if (!m) throw new Error(`cannot read the engines range part "${comparator}"`);
  const op = m[1] ?? "";
  const parts = m[2].split(".");
  const wild = parts.findIndex((p) => p === "*" || p === "x");
  const given = (wild < 0 ? parts : parts.slice(0, wild)).length;
  const base = parse(parts.map((p) => (p === "*" || p === "x" ? "0" : p)).join("."));
  const c = cmp(version, base);
  const upper = (level) => {
    const u = base.slice(0, 3);
    u[level] += 1;
    for (let i = level + 1; i < 3; i++) u[i] = 0;
    return u;
  };
  switch (op) {
    case ">=": return c >= 0;
    // A partial version stands for all its versions: >18 is >=19.0.0, <=18 is <19.0.0.
    case ">": return given > 0 && given < 3 ? cmp(version, upper(given - 1)) >= 0 : c > 0;
    case "<=": return given > 0 && given < 3 ? cmp(version, upper(given - 1)) < 0 : c <= 0;
    case "<": return c < 0;
    case "~": return c >= 0 && cmp(version, upper(given >= 2 ? 1 : 0)) < 0;
    case "^": {
      const level = base[0] !== 0 || given < 2 ? 0 : base[1] !== 0 || given < 3 ? 1 : 2;
      return c >= 0 && cmp(version, upper(level)) < 0;
    }
    default:
      if (given === 0) return true;
      if (given < 3) return c >= 0 && cmp(version, upper(given - 1)) < 0;
      return c === 0;
  }
}

export function satisfies(version, range) {
  const v = parse(version);
  return range.split("||").some((alt) => {
    const text = alt.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, "$1");
    if (text === "" || text === "*") return true;
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) return satisfiesComparator(v, `>=${hyphen[1]}`) && satisfiesComparator(v, `<=${hyphen[2]}`);
    return text.split(/\s+/).every((c) => satisfiesComparator(v, c));
  });
}

// The locked packages of one lock file that would not run on `version`.
export function unfit(lock, version) {
  const out = [];
  for (const [path, pkg] of Object.entries(lock.packages ?? {})) {
    const range = pkg.engines?.node;
    if (!range || pkg.optional || path === "") continue;
    if (!satisfies(version, range)) out.push({ name: path.replace(/^.*node_modules\//, ""), version: pkg.version, range });
  }
  return out;
}

function main(args) {
  const target = /^\d+\.\d+\.\d+$/.test(args[0] ?? "") ? args.shift() : BOOKWORM_NODE;
  if (args.length === 0) {
    console.error("usage: node scripts/check-node-engines.mjs [VERSION] LOCKFILE...");
    return 2;
  }
  let bad = 0;
  for (const file of args) {
    let lock;
    try {
      lock = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      console.error(`check-node-engines: cannot read ${file}: ${e.message}`);
      return 2;
    }
    for (const p of unfit(lock, target)) {
      console.error(`${file}: ${p.name}@${p.version} needs Node ${p.range}; Debian bookworm ships ${target}`);
      bad++;
    }
  }
  if (bad) {
    console.error(`check-node-engines: ${bad} package(s) would not run on Debian bookworm's Node.js; pick versions whose engines admit ${target}`);
    return 1;
  }
  console.log(`check-node-engines: every locked package runs on Node ${target} (${args.join(", ")})`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main(process.argv.slice(2)));
