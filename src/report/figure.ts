/**
 * A plotly figure as plain data: what experiments' `draw` functions return and what
 * `report/export` writes as .json/.html/.png/.svg and `show()` renders in a notebook.
 */
export interface Figure {
  /** File-name-safe id, unique within an experiment (e.g. "pvalues"). */
  id: string;
  /** Human title; also used as the plotly layout title when the layout has none. */
  title: string;
  /** plotly traces (https://plotly.com/javascript/reference/). */
  data: Array<Record<string, unknown>>;
  /** plotly layout. */
  layout: Record<string, unknown>;
}
