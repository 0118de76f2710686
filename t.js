require("./tooling/register.js"); console.log(require("./tooling/harness/index.ts").logs.length)
