// ESLint flat config for the learner runtime (compiler/runtime/**/*.js, compiler/blocks/*/*.js and themes/*/runtime/*.js) and
// the LMS host page of `coursec preview` and the targets' emulations (compiler/preview/assets/*.js, compiler/targets/*/*.js,
// tests/browser/scorm_again_adapter.js):
// classic browser scripts, ES2019+, no modules. Run by tests/browser/test_runtime_source.py and test_preview.py.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {
    files: [
      "themes/**/runtime/*.js",
      "compiler/runtime/**/*.js",
      "compiler/blocks/*/*.js",
      "compiler/preview/assets/*.js",
      "compiler/targets/*/*.js",
      "tests/browser/scorm_again_adapter.js",
      "tests/browser/scorm_again_2004_adapter.js",
    ],
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
