package main

import (
	"fmt"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// drawPNG draws one panel per benchmark: a bar of time per op for each
// variant, one colour per GOMAXPROCS. Each panel has its own scale, as the
// benchmarks range from microseconds to a third of a millisecond.
func drawPNG(path string, res results) error {
	const cols = 3
	rows := (len(res.groups) + cols - 1) / cols
	plots := make([][]*plot.Plot, rows)
	for i := range plots {
		plots[i] = make([]*plot.Plot, cols)
	}
	for gi, g := range res.groups {
		p, err := panel(g, res)
		if err != nil {
			return err
		}
		plots[gi/cols][gi%cols] = p
	}
	img := vgimg.New(vg.Length(cols)*4*vg.Inch, vg.Length(rows)*3*vg.Inch)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(plots, tiles, dc)
	for i := range plots {
		for j, p := range plots[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func panel(group string, res results) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = group
	p.Y.Label.Text = "µs/op"
	p.Y.Min = 0
	variants := res.vars[group]
	width := vg.Points(10)
	top := 0.0
	for i, procs := range res.procs {
		vals := make(plotter.Values, len(variants))
		for j, v := range variants {
			vals[j] = res.stats[key{group, v, procs}].ns / 1e3
			top = max(top, vals[j])
		}
		bars, err := plotter.NewBarChart(vals, width)
		if err != nil {
			return nil, err
		}
		bars.LineStyle.Width = 0
		bars.Color = plotutil.Color(i)
		bars.Offset = width * vg.Length(2*i-len(res.procs)+1) / 2
		p.Add(bars)
		p.Legend.Add(fmt.Sprintf("GOMAXPROCS %d", procs), bars)
	}
	p.Y.Max = top * 1.3 // room for the legend above the bars
	p.Legend.Top = true
	p.NominalX(variants...)
	return p, nil
}
