import * as vega from 'vega';
import * as vl from 'vega-lite';

type Row = Record<string, string | number>;

async function render(spec: vl.TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Bars of `y` per `x`, one colour per `color`, with error bars from `y` ± `err` when given. */
export function barChart(values: Row[], o: { x: string; y: string; color: string; err?: string; title: string; column?: string }): Promise<string> {
  const layer: vl.TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    data: { values },
    ...(o.column ? { facet: { column: { field: o.column, type: 'nominal' } }, spec: inner() } : inner()),
  } as vl.TopLevelSpec;
  function inner() {
    return {
      width: 220,
      height: 180,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: o.x, type: 'nominal', axis: { labelAngle: -30 } },
            xOffset: { field: o.color },
            y: { field: o.y, type: 'quantitative', scale: { zero: false } },
            color: { field: o.color, type: 'nominal' },
          },
        },
        ...(o.err
          ? [
              {
                mark: { type: 'errorbar' },
                encoding: {
                  x: { field: o.x, type: 'nominal' },
                  xOffset: { field: o.color },
                  y: { field: 'lo', type: 'quantitative' },
                  y2: { field: 'hi' },
                },
                transform: [
                  { calculate: `datum['${o.y}'] - datum['${o.err}']`, as: 'lo' },
                  { calculate: `datum['${o.y}'] + datum['${o.err}']`, as: 'hi' },
                ],
              },
            ]
          : []),
      ],
    };
  }
  return render(layer);
}

/** Lines of `y` over a quantitative `x` (log scale optional), one per `color`. */
export function lineChart(values: Row[], o: { x: string; y: string; color: string; title: string; logX?: boolean; logY?: boolean }): Promise<string> {
  return render({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: 300,
    height: 200,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: o.x, type: 'quantitative', scale: o.logX ? { type: 'log' } : {} },
      y: { field: o.y, type: 'quantitative', scale: o.logY ? { type: 'log' } : { zero: false } },
      color: { field: o.color, type: 'nominal' },
    },
  } as vl.TopLevelSpec);
}
