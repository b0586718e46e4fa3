// Test helper: decode suspend_data strings with the runtime, then encode the states again.
// Usage: node state_check.js <state.js> <runtime data JSON> <JSON list of strings> [<JSON list of texts>]
global.window = {};
require(process.argv[2]);
// The shared block state codecs (compiler/blocks/codecs/), as a package with blocks loads them after the core.
const path = require("path");
const fs = require("fs");
const codecs = path.join(path.dirname(process.argv[2]), "..", "..", "blocks", "codecs");
fs.readdirSync(codecs).sort().forEach((file) => require(path.join(codecs, file)));
// Codecs a block's own script defines (the scenario's): every block script, as a package with all blocks loads them.
const blocks = path.join(codecs, "..");
fs.readdirSync(blocks)
  .sort()
  .filter((name) => name !== "codecs" && fs.existsSync(path.join(blocks, name, name + ".js")))
  .forEach((name) => require(path.join(blocks, name, name + ".js")));
const S = window.Coursec.state;
const data = JSON.parse(process.argv[3]);
const inputs = JSON.parse(process.argv[4]);
const out = inputs.map((text) => S.decode(data, text));
const texts = JSON.parse(process.argv[5] || "[]").map((text) => {
  const encoded = S.encodeText(text);
  const fits = [0, 1, 5, 20, 100].map((budget) => S.fitText(text, budget));
  return { encoded: encoded, decoded: S.decodeText(encoded), fits: fits };
});
process.stdout.write(JSON.stringify({ decoded: out, encoded: out.map((s) => S.encode(data, s)), texts: texts }));
