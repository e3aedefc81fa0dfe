package site

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":         {Data: []byte("<!doctype html><title>descent</title>")},
		"demos.wasm":         {Data: bytes.Repeat([]byte{0, 'a', 's', 'm', 1, 0, 0, 0}, 1000)},
		"logistic.html":      {Data: []byte("<p>logistic</p>")},
		"js/common.js":       {Data: []byte("export const x = 1;")},
		"img/pic.png":        {Data: []byte("\x89PNG....")},
		"sub/index.html":     {Data: []byte("sub index")},
		"sub/other.json":     {Data: []byte(`{"a":1}`)},
		"wasm_exec.js":       {Data: []byte("// go")},
		"style/site.css":     {Data: []byte("body{}")},
		"style/readme.other": {Data: []byte("x")},
	}
}

func get(t *testing.T, h http.Handler, path, acceptEncoding string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

func TestHandler(t *testing.T) {
	fsys := testFS()
	h := FSHandler(fsys)
	tests := []struct {
		path, enc   string
		status      int
		ctype       string
		gzip        bool
		wantBody    string
		wantBodyRaw []byte
	}{
		{"/", "gzip", 200, "text/html; charset=utf-8", true, "<!doctype html><title>descent</title>", nil},
		{"/index.html", "", 200, "text/html; charset=utf-8", false, "<!doctype html><title>descent</title>", nil},
		{"/demos.wasm", "gzip, deflate, br", 200, "application/wasm", true, "", fsys["demos.wasm"].Data},
		{"/demos.wasm", "", 200, "application/wasm", false, "", fsys["demos.wasm"].Data},
		{"/demos.wasm", "gzip;q=0", 200, "application/wasm", false, "", fsys["demos.wasm"].Data},
		{"/js/common.js", "gzip", 200, "text/javascript; charset=utf-8", true, "export const x = 1;", nil},
		{"/style/site.css", "gzip", 200, "text/css; charset=utf-8", true, "body{}", nil},
		{"/img/pic.png", "gzip", 200, "image/png", false, "\x89PNG....", nil},
		{"/sub", "", 200, "text/html; charset=utf-8", false, "sub index", nil},
		{"/sub/", "", 200, "text/html; charset=utf-8", false, "sub index", nil},
		{"/missing.html", "", 404, "", false, "", nil},
		{"/../../etc/passwd", "", 404, "", false, "", nil},
		{"/img/", "", 404, "", false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path+"|"+tt.enc, func(t *testing.T) {
			resp := get(t, h, tt.path, tt.enc)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tt.gzip {
				t.Errorf("gzip %v, want %v", got, tt.gzip)
			}
			b := body(t, resp)
			want := tt.wantBodyRaw
			if want == nil {
				want = []byte(tt.wantBody)
			}
			if !bytes.Equal(b, want) {
				t.Errorf("body %q, want %q", b, want)
			}
		})
	}
}

func TestHandlerCompressesWasmAndCaches(t *testing.T) {
	h := FSHandler(testFS())
	r1 := get(t, h, "/demos.wasm", "gzip")
	raw, _ := io.ReadAll(r1.Body)
	if len(raw) >= 8000 {
		t.Errorf("gzip body is %d bytes for 8000 repetitive bytes", len(raw))
	}
	r2 := get(t, h, "/demos.wasm", "gzip")
	raw2, _ := io.ReadAll(r2.Body)
	if !bytes.Equal(raw, raw2) {
		t.Error("second response differs")
	}
	req := httptest.NewRequest(http.MethodGet, "/demos.wasm", nil)
	req.Header.Set("If-None-Match", r1.Header.Get("ETag"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET status %d, want 304", rec.Code)
	}
	req = httptest.NewRequest(http.MethodPost, "/", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST status %d, want 405", rec.Code)
	}
}

func TestHandlerDir(t *testing.T) {
	dir := t.TempDir()
	if _, err := Handler(dir); err == nil {
		t.Error("Handler of an empty directory: no error")
	}
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := Handler(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b := body(t, get(t, h, "/", "gzip")); string(b) != "hello" {
		t.Errorf("body %q", b)
	}
	// A rebuilt file is served fresh, not from the gzip cache.
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("hello again, longer"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b := body(t, get(t, h, "/", "gzip")); string(b) != "hello again, longer" {
		t.Errorf("after rebuild: body %q", b)
	}
}

// A .wasm file shipped only compressed (notebook.wasm.gz) is served under
// its own name with Content-Encoding: gzip, so that browsers can compile
// it while it downloads; decompressed to a client without gzip.
func TestHandlerServesPrecompressedWasm(t *testing.T) {
	module := bytes.Repeat([]byte{0, 'a', 's', 'm', 1, 0, 0, 0}, 500)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(module) //nolint:errcheck // bytes.Buffer
	zw.Close()
	fsys := testFS()
	fsys["notebook.wasm.gz"] = &fstest.MapFile{Data: gz.Bytes()}
	fsys["broken.wasm.gz"] = &fstest.MapFile{Data: []byte("not gzip")}
	h := FSHandler(fsys)

	r := get(t, h, "/notebook.wasm", "gzip, deflate, br")
	raw, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/wasm" || r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("status %d, type %q, encoding %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Encoding"))
	}
	if !bytes.Equal(raw, gz.Bytes()) {
		t.Error("the precompressed file was not served as it is")
	}
	if b := body(t, get(t, h, "/notebook.wasm", "")); !bytes.Equal(b, module) {
		t.Errorf("without gzip: %d bytes, want the %d of the module", len(b), len(module))
	}
	req := httptest.NewRequest(http.MethodGet, "/notebook.wasm", nil)
	req.Header.Set("If-None-Match", r.Header.Get("ETag"))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", rec.Code)
	}
	if r := get(t, h, "/missing.wasm", "gzip"); r.StatusCode != 404 {
		t.Errorf("missing.wasm: %d, want 404", r.StatusCode)
	}
	if r := get(t, h, "/broken.wasm", ""); r.StatusCode != 500 {
		t.Errorf("broken.wasm.gz to a client without gzip: %d, want 500", r.StatusCode)
	}
}
