package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// kernelSpec is the content of kernel.json.
type kernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// install writes the kernelspec directory and returns its path.
func install(user bool, prefix string) (string, error) {
	if user && prefix != "" {
		return "", fmt.Errorf("install: use --user or --prefix, not both")
	}
	var base string
	switch {
	case user:
		base = jupyterDataDir()
	case prefix != "":
		base = filepath.Join(prefix, "share", "jupyter")
	default:
		base = "/usr/local/share/jupyter"
	}
	dir := filepath.Join(base, "kernels", "descent")
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("install: locating this binary: %w", err)
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return "", err
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	spec := kernelSpec{
		Argv:          []string{exe, "run", "-f", "{connection_file}"},
		DisplayName:   "Go (descent)",
		Language:      "go",
		InterruptMode: "message",
		Metadata:      map[string]any{"debugger": false},
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, "kernel.json"), append(b, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	for _, size := range []int{32, 64} {
		data, err := logo(size)
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("logo-%dx%d.png", size, size)), data, 0o644); err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
	}
	return dir, nil
}

// logo draws the kernel's logo: a loss curve descending into its minimum,
// in white on Go blue, with the minimum marked.
func logo(size int) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	bg := color.RGBA{0x00, 0x7d, 0x9c, 0xff}
	fg := color.RGBA{0xff, 0xff, 0xff, 0xff}
	dot := color.RGBA{0xfd, 0xdd, 0x00, 0xff}
	s := float64(size)
	for y := range size {
		for x := range size {
			img.Set(x, y, bg)
		}
	}
	// The curve y = bottom - k (x - c)^2 in image coordinates (y down).
	c, bottom := 0.5*s, 0.78*s
	k := (bottom - 0.15*s) / math.Pow(0.38*s, 2)
	width := math.Max(1.5, s/16)
	for y := range size {
		for x := range size {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			if fx < 0.1*s || fx > 0.9*s {
				continue
			}
			if math.Abs(fy-(bottom-k*(fx-c)*(fx-c))) < width/2 {
				img.Set(x, y, fg)
			}
		}
	}
	r := s / 10
	for y := range size {
		for x := range size {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-bottom
			if dx*dx+dy*dy <= r*r {
				img.Set(x, y, dot)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
