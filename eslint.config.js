// ESLint flat config for the learner runtime (compiler/runtime/**/*.js and themes/*/runtime/*.js): classic browser scripts,
// ES2019+, no modules. Run by tests/browser/test_runtime_source.py.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    files: ["themes/**/runtime/*.js", "compiler/runtime/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2019,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules,
      "no-var": "error",
      "prefer-const": "error",
      eqeqeq: ["error", "always"],
      strict: ["error", "function"],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
];
