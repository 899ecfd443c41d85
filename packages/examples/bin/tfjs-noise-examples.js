#!/usr/bin/env node
// A committed launcher rather than pointing `bin` at dist/cli.js: dist does not
// exist until the first build, and pnpm warns on every fresh install when a bin
// target is missing.
import '../dist/cli.js';
