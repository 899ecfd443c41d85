import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { RunResult } from '../train/runComparison';

/**
 * Renders the per-epoch curves (test accuracy, test loss, train loss) of every
 * optimizer as one SVG, with Vega-Lite (headless: no canvas or browser needed).
 */
export async function curvesSvg(results: RunResult[], title: string): Promise<string> {
  const values = results.flatMap((r) =>
    r.curves.testAccuracy.map((acc, epoch) => ({
      optimizer: r.optimizer,
      epoch: epoch + 1,
      'test accuracy': acc,
      'test loss': r.curves.testLoss[epoch],
      'train loss': r.curves.trainLoss[epoch],
    })),
  );
  const panel = (field: string) => ({
    width: 260,
    height: 200,
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' as const, axis: { tickMinStep: 1 } },
      y: { field, type: 'quantitative' as const, scale: { zero: false } },
      color: { field: 'optimizer', type: 'nominal' as const },
    },
  });
  const spec: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values },
    hconcat: [panel('test accuracy'), panel('test loss'), panel('train loss')],
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
