// Package display is what notebook cells import to show rich output in the
// descent Go kernel.
//
// A value displays richly when it implements one of the small interfaces
// below (HTMLer, SVGer, PNGer, JPEGer, Markdowner, LaTeXer, JSONer) or
// MIMEBundler for full control; the core's own types (datasets, matrices,
// fitted models, confusion matrices, classification reports) display as
// tables without doing anything. A cell's trailing expression is shown this
// way, and Display, DisplayID, Update and Clear publish output while the cell
// runs:
//
//	display.Display(display.HTML("<b>hello</b>"))
//	display.DisplayID("progress", "0%")
//	display.Update("progress", "50%")
//
// Inside the kernel these functions are bound to the running cell; in a
// compiled program they print the text/plain form to standard output.
package display

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"os"
	"reflect"
	"strconv"
)

// MIMEBundle maps MIME types to data: strings for text formats and
// base64-encoded images, JSON values for "application/json".
type MIMEBundle map[string]any

// HTMLer is implemented by values that render as HTML.
type HTMLer interface{ HTML() string }

// SVGer is implemented by values that render as an SVG image.
type SVGer interface{ SVG() string }

// PNGer is implemented by values that render as a PNG image (raw bytes).
type PNGer interface{ PNG() []byte }

// JPEGer is implemented by values that render as a JPEG image (raw bytes).
type JPEGer interface{ JPEG() []byte }

// Markdowner is implemented by values that render as Markdown.
type Markdowner interface{ Markdown() string }

// LaTeXer is implemented by values that render as LaTeX.
type LaTeXer interface{ LaTeX() string }

// JSONer is implemented by values with a JSON form (any value that
// encoding/json can marshal).
type JSONer interface{ JSON() any }

// MIMEBundler is implemented by values that build their whole bundle.
type MIMEBundler interface{ MIMEBundle() MIMEBundle }

// HTML is a string of HTML to display as such.
type HTML string

// HTML implements HTMLer.
func (h HTML) HTML() string { return string(h) }

// Markdown is a string of Markdown to display as such.
type Markdown string

// Markdown implements Markdowner.
func (m Markdown) Markdown() string { return string(m) }

// LaTeX is a string of LaTeX (e.g. "$x^2$") to display as such.
type LaTeX string

// LaTeX implements LaTeXer.
func (l LaTeX) LaTeX() string { return string(l) }

// SVG is an SVG document to display as an image.
type SVG string

// SVG implements SVGer.
func (s SVG) SVG() string { return string(s) }

// PNG is PNG-encoded image data.
type PNG []byte

// PNG implements PNGer.
func (p PNG) PNG() []byte { return p }

// JPEG is JPEG-encoded image data.
type JPEG []byte

// JPEG implements JPEGer.
func (j JPEG) JPEG() []byte { return j }

// Bundle returns the MIME bundle of v: its rich forms plus "text/plain".
// A value with both SVG and PNG forms gets only the SVG one.
// It returns nil for a nil v.
func Bundle(v any) MIMEBundle {
	if v == nil {
		return nil
	}
	if rv := reflect.ValueOf(v); (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Map || rv.Kind() == reflect.Slice || rv.Kind() == reflect.Interface) && rv.IsNil() {
		return MIMEBundle{"text/plain": Text(v)}
	}
	b := MIMEBundle{}
	if m, ok := v.(MIMEBundler); ok {
		for k, d := range m.MIMEBundle() {
			b[k] = d
		}
	}
	setIfAbsent := func(mime string, d any) {
		if _, ok := b[mime]; !ok {
			b[mime] = d
		}
	}
	if h, ok := v.(HTMLer); ok {
		setIfAbsent("text/html", h.HTML())
	}
	if s, ok := v.(SVGer); ok {
		setIfAbsent("image/svg+xml", s.SVG())
	}
	// A value that is both SVG and PNG (a plot) is sent as SVG only: every
	// frontend shows SVG, and rasterizing costs time and notebook size.
	if _, vector := b["image/svg+xml"]; !vector {
		if p, ok := v.(PNGer); ok {
			setIfAbsent("image/png", base64.StdEncoding.EncodeToString(p.PNG()))
		}
	}
	if j, ok := v.(JPEGer); ok {
		setIfAbsent("image/jpeg", base64.StdEncoding.EncodeToString(j.JPEG()))
	}
	if m, ok := v.(Markdowner); ok {
		setIfAbsent("text/markdown", m.Markdown())
	}
	if l, ok := v.(LaTeXer); ok {
		setIfAbsent("text/latex", l.LaTeX())
	}
	if j, ok := v.(JSONer); ok {
		setIfAbsent("application/json", j.JSON())
	}
	if len(b) == 0 {
		if h, ok := coreHTML(unwrap(v)); ok {
			b["text/html"] = h
		}
	}
	setIfAbsent("text/plain", Text(v))
	return b
}

// unwrap returns the value inside an interpreter interface wrapper (yaegi
// hands compiled code a struct with an IValue field for interpreted values
// with methods).
func unwrap(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct && len(rv.Type().Name()) > 0 && rv.Type().Name()[0] == '_' {
		if f := rv.FieldByName("IValue"); f.IsValid() && f.CanInterface() {
			return f.Interface()
		}
	}
	return v
}

// Text returns the text/plain form of v: strings quoted as Go literals,
// errors and fmt.Stringers by their own text, other values as %+v.
func Text(v any) string {
	v = unwrap(v)
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case HTML:
		return string(x)
	case Markdown:
		return string(x)
	case LaTeX:
		return string(x)
	case SVG, PNG, JPEG:
		return fmt.Sprintf("<%T>", x)
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprintf("%+v", v)
}

// Display shows each value as display_data. Outside the kernel it prints
// their text/plain forms to standard output.
func Display(values ...any) {
	for _, v := range values {
		fmt.Println(Text(v))
	}
}

// DisplayID shows v as display_data that later Update calls with the same
// id replace.
func DisplayID(id string, v any) {
	fmt.Println(Text(v))
}

// Update replaces the output of an earlier DisplayID(id, ...).
func Update(id string, v any) {
	fmt.Println(Text(v))
}

// Clear clears the cell's output at once.
func Clear() {}

// ClearWait clears the cell's output when the next output arrives, which
// avoids flicker in animations.
func ClearWait() {}

// Input asks the user for a line of text (in the kernel, an input box).
func Input(prompt string) (string, error) {
	fmt.Print(prompt)
	return readLine()
}

// Password asks the user for a line of text without echoing it.
func Password(prompt string) (string, error) {
	fmt.Print(prompt)
	return readLine()
}

func readLine() (string, error) {
	s, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if len(s) > 0 && s[len(s)-1] == '\n' {
		s = s[:len(s)-1]
	}
	if err != nil && s != "" {
		err = nil
	}
	return s, err
}

// Value returns v unchanged. The kernel evaluates a cell's trailing
// expression through it so that interpreted values keep their display
// methods.
func Value(v any) any { return v }
