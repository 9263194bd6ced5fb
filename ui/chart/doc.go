// Package chart draws Latchkey's three charts with Fyne canvas objects: a
// value-over-time line (Line), a split of a whole (Donut, with its legend
// and percentages) and columns by month (Bars).
//
// # Why our own, and why so small
//
// Issue 16 asked for a well-kept library over a chart engine of our own.
// gonum.org/v1/plot (v0.17.0, served by our module proxy) was measured
// first, drawing five years of daily values (1,826 points) with its
// default axes into a 1000×320 image through vgimg, on the same machine as
// this package's benchmark: 81 ms per frame at scale 1 and 198 ms at scale
// 2 (a HiDPI screen), against a budget of 16 ms. Beyond speed, a raster
// plot is only crisp at the scale it was drawn for (it must be redrawn on
// every resize and scale change), it writes its labels in its own fonts
// rather than the Fyne theme's, it knows nothing of the theme's colours or
// of a variant switch, and hover and keyboard focus would have to map the
// pointer back through its data transforms. It would also bring in some
// thirty modules (fonts, LaTeX, PDF, SVG writers) and move
// golang.org/x/image forward. The Fyne-native chart tried earlier
// (github.com/s-daehling/fyne-charts) is not served by the proxy.
//
// Fyne itself offers the primitives a small chart needs: lines, circles,
// rectangles, text and (since 2.7) arcs, all vector objects the driver
// draws at the screen's scale. So the charts here are widgets built from
// those: crisp at any scale and DPI, in the theme's font, colours read from
// the theme at each Refresh (a light/dark switch repaints them), and a
// relayout of the five-year line takes well under a millisecond
// (BenchmarkLineLayout). The package stays small: what the overview needs
// and nothing more (no legends on lines, no log axes, no zoom).
//
// # What they guarantee
//
//   - Values are decimals end to end; float32 appears only for pixel
//     positions. Axis ticks are 1, 2 or 5 times a power of ten computed in
//     decimal (no 0.30000000004), labelled compactly in the chart's Unit
//     ("US$120k", "€1.25M", "0.05 BTC") with as many decimals as the step
//     needs.
//   - No two axis labels overlap: the value axis gets as many ticks as its
//     height holds, the date axis takes the finest spacing (days, weeks,
//     months, quarters, years) whose measured labels leave a gap, and bar
//     labels are thinned to every k-th.
//   - A value is read out on hover, on tap, and with the keyboard when the
//     chart has the focus (arrow keys, Page Up/Down, Home, End), in a
//     tooltip (Line, Bars) or the donut's centre; a focus ring shows.
//   - A series longer than the plot is wide is drawn with at most four
//     points per pixel column (first, lowest, highest, last), so its shape
//     and extremes survive and the object count stays bounded.
//   - Slice colours come from a colour-blind-safe palette (Okabe–Ito) in a
//     light and a dark version chosen from the theme's background.
package chart
