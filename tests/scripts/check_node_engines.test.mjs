// The lock files' Node.js engines against Debian bookworm's own Node.js (scripts/check-node-engines.mjs).
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { satisfies, unfit, BOOKWORM_NODE } from "../../scripts/check-node-engines.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const script = `${root}scripts/check-node-engines.mjs`;

test("ranges as npm packages write them", () => {
  assert.equal(satisfies("18.19.0", "^18.0.0 || ^20.0.0 || >=22.0.0"), true);
  assert.equal(satisfies("18.19.0", "^20.19.0 || >=22.12.0"), false);
  assert.equal(satisfies("18.19.0", ">=18"), true);
  assert.equal(satisfies("18.19.0", ">=18.20"), false);
  assert.equal(satisfies("18.19.0", "^10 || ^12 || ^13.7 || ^14 || >=15.0.1"), true);
  assert.equal(satisfies("13.6.0", "^13.7"), false);
  assert.equal(satisfies("18.19.0", ">= 14.18.0"), true);
  assert.equal(satisfies("18.19.0", ">=16 <18"), false);
  assert.equal(satisfies("18.19.0", "16 - 18"), true);
  assert.equal(satisfies("18.19.0", "18.x"), true);
  assert.equal(satisfies("18.19.0", "~18.18.0"), false);
  assert.equal(satisfies("18.19.0", "*"), true);
  assert.equal(satisfies("18.19.0", ">18"), false);
  assert.equal(satisfies("18.19.0", "<=18"), true);
  assert.throws(() => satisfies("18.19.0", "latest please"), /cannot read/);
});

test("the project's lock files run on bookworm's Node.js", () => {
  for (const file of ["dashboard/package-lock.json", "tests/browser/package-lock.json"]) {
    const lock = JSON.parse(readFileSync(`${root}${file}`, "utf8"));
    assert.deepEqual(unfit(lock, BOOKWORM_NODE), [], file);
  }
});

test("a package that needs a newer Node.js is named and fails the check", () => {
  const lock = {
    packages: {
      "": { name: "x" },
      "node_modules/vite": { version: "7.3.8", engines: { node: "^20.19.0 || >=22.12.0" } },
      "node_modules/fsevents": { version: "2.3.3", optional: true, engines: { node: ">=99" } },
      "node_modules/rollup": { version: "4.0.0", engines: { node: ">=18.0.0" } },
    },
  };
  assert.deepEqual(unfit(lock, BOOKWORM_NODE).map((p) => p.name), ["vite"]);
  const file = `${process.env.TMPDIR ?? "/tmp"}/vigie-engines-${process.pid}.json`;
  spawnSync("sh", ["-c", `cat > ${file}`], { input: JSON.stringify(lock) });
  const run = spawnSync(process.execPath, [script, file], { encoding: "utf8" });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /vite@7\.3\.8 needs Node \^20\.19\.0/);
  const missing = spawnSync(process.execPath, [script, `${file}.absent`], { encoding: "utf8" });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read/);
});
