package protocol

import "context"

// MIMEBundle maps MIME types ("text/plain", "text/html", "image/png", ...)
// to their data: strings for text and base64 images, JSON values for
// "application/json".
type MIMEBundle map[string]any

// Output is how an interpreter talks to the frontend while a cell runs. The
// kernel publishes everything with the running request as parent.
type Output interface {
	// Stream publishes text on "stdout" or "stderr".
	Stream(name, text string)
	// Display publishes display_data, or update_display_data when update
	// is true (displayID must then name an earlier display).
	Display(data MIMEBundle, metadata map[string]any, displayID string, update bool)
	// ClearOutput clears the cell's output, at once or (wait) when new
	// output arrives.
	ClearOutput(wait bool)
	// Input asks the frontend for a line of input (an input_request on
	// stdin). It fails when the request did not allow stdin or the cell is
	// interrupted.
	Input(prompt string, password bool) (string, error)
}

// ExecuteRequest is the content of an execute_request.
type ExecuteRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    bool              `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     bool              `json:"stop_on_error"`
	// ExecutionCount is set by the kernel: the number the cell gets.
	ExecutionCount int `json:"-"`
}

// Error describes a failed execution.
type Error struct {
	Name      string
	Value     string
	Traceback []string
}

// ExecuteResult is what an interpreter returns for a cell.
type ExecuteResult struct {
	// Data is the value of the cell's trailing expression, nil for none.
	Data     MIMEBundle
	Metadata map[string]any
	// Err is non-nil when the cell failed (compile error, panic,
	// interruption).
	Err *Error
	// UserExpressions holds the evaluated user_expressions, each a
	// {"status": "ok", "data": ..., "metadata": ...} or error object.
	UserExpressions map[string]any
	// Page, when not nil, is shown in the frontend's pager (the "page"
	// payload of execute_reply), as for IPython's `name?`.
	Page MIMEBundle
}

// LanguageInfo is kernel_info_reply's language_info.
type LanguageInfo struct {
	Name           string `json:"name"`
	Version        string `json:"version"`
	MIMEType       string `json:"mimetype"`
	FileExtension  string `json:"file_extension"`
	PygmentsLexer  string `json:"pygments_lexer,omitempty"`
	CodemirrorMode string `json:"codemirror_mode,omitempty"`
}

// HelpLink is one entry of kernel_info_reply's help_links.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// KernelInfo is what an interpreter tells about itself.
type KernelInfo struct {
	Implementation        string       `json:"implementation"`
	ImplementationVersion string       `json:"implementation_version"`
	LanguageInfo          LanguageInfo `json:"language_info"`
	Banner                string       `json:"banner"`
	HelpLinks             []HelpLink   `json:"help_links"`
}

// CompleteReply is the content of a complete_reply (status is added by
// the kernel). Cursor positions count Unicode code points.
type CompleteReply struct {
	Matches     []string       `json:"matches"`
	CursorStart int            `json:"cursor_start"`
	CursorEnd   int            `json:"cursor_end"`
	Metadata    map[string]any `json:"metadata"`
}

// InspectReply is the content of an inspect_reply.
type InspectReply struct {
	Found    bool           `json:"found"`
	Data     MIMEBundle     `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// IsCompleteReply is the content of an is_complete_reply: Status is
// "complete", "incomplete", "invalid" or "unknown"; Indent is set for
// incomplete code.
type IsCompleteReply struct {
	Status string `json:"status"`
	Indent string `json:"indent,omitempty"`
}

// Interpreter runs cells. It is the kernel's language layer (the *_impl
// methods of xeus): it never sees sockets or wire messages.
type Interpreter interface {
	KernelInfo() KernelInfo
	// Execute runs a cell. It returns when the cell finishes, fails or is
	// interrupted (ctx cancelled or Interrupt called).
	Execute(ctx context.Context, req *ExecuteRequest, out Output) *ExecuteResult
	Complete(code string, cursor int) CompleteReply
	Inspect(code string, cursor, detailLevel int) InspectReply
	IsComplete(code string) IsCompleteReply
	// Interrupt stops the running cell, if any. It may be called from any
	// goroutine.
	Interrupt()
	// Shutdown releases resources before the kernel exits or restarts.
	Shutdown(restart bool)
}
