// Where headless Chromium is and how to launch it for tfjs: one place for the browser lanes, the
// browser benchmark, the demo's test and its ratios script.
import process from 'node:process';

/** Debian's Chromium (`apt-get install -y chromium`), or CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * PLATFORM.md, "Browsers": the flags that gave both WebGL (ANGLE) and WebGPU (Vulkan) on SwiftShader
 * without a GPU; Chromium refuses to start its sandbox as root (CI runs as root).
 * @returns {string[]}
 */
export function chromiumArgs() {
  return [
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--enable-unsafe-webgpu',
    '--use-webgpu-adapter=swiftshader',
    '--enable-features=Vulkan',
    '--use-vulkan=swiftshader',
    '--ignore-gpu-blocklist',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
}
