// Package protocol implements the Jupyter messaging protocol (version 5.3)
// independently of any socket library: the wire format, HMAC-SHA256 signing
// and verification, replay detection, and a dispatcher that maps message
// types to handlers, publishes busy/idle around every request and replies on
// the channel a request came in on.
//
// It is the middle of the kernel's three layers. Below it a Transport moves
// frames (ZeroMQ in kernel/transport/zmq, JavaScript in the browser); above
// it an Interpreter runs cells (Go on yaegi in kernel/interp). The package
// does not import zmq4 and builds for GOOS=js GOARCH=wasm.
package protocol

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"sync"
	"time"
)

// Version is the Jupyter messaging protocol version the kernel speaks.
const Version = "5.3"

// Delimiter separates routing identities from the message proper.
const Delimiter = "<IDS|MSG>"

// Errors returned by Decode.
var (
	// ErrNoDelimiter means a multipart message lacks the <IDS|MSG> frame.
	ErrNoDelimiter = errors.New("protocol: no <IDS|MSG> delimiter")
	// ErrShortMessage means fewer than the five frames after the delimiter.
	ErrShortMessage = errors.New("protocol: message has fewer than 5 frames after the delimiter")
	// ErrBadSignature means the HMAC signature is missing or wrong.
	ErrBadSignature = errors.New("protocol: bad or missing signature")
)

// Channel names the socket a message travels on.
type Channel int

// The channels of a Jupyter kernel.
const (
	Shell Channel = iota
	Control
	Stdin
	IOPub
)

// String returns the channel's Jupyter name.
func (c Channel) String() string {
	switch c {
	case Shell:
		return "shell"
	case Control:
		return "control"
	case Stdin:
		return "stdin"
	case IOPub:
		return "iopub"
	}
	return fmt.Sprintf("channel(%d)", int(c))
}

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded Jupyter message. RawHeader keeps the header bytes
// exactly as received so that replies echo them as their parent header.
type Message struct {
	Identities   [][]byte
	Header       Header
	RawHeader    json.RawMessage
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte
	Signature    string
}

// Signer signs and verifies messages with HMAC-SHA256. A Signer with an
// empty key neither signs nor checks (the connection file's key is empty
// when authentication is disabled).
type Signer struct {
	key  []byte
	macs sync.Pool // keyed HMAC states, reset and reused
}

// NewSigner returns a Signer for the connection file's key and scheme.
// Only "hmac-sha256" (or an empty scheme) is supported.
func NewSigner(scheme string, key []byte) (*Signer, error) {
	if scheme != "" && scheme != "hmac-sha256" {
		return nil, fmt.Errorf("protocol: unsupported signature scheme %q", scheme)
	}
	return &Signer{key: append([]byte(nil), key...)}, nil
}

// Enabled reports whether messages are signed.
func (s *Signer) Enabled() bool { return s != nil && len(s.key) > 0 }

// mac appends the HMAC of the four frames to dst.
func (s *Signer) mac(dst, header, parent, metadata, content []byte) []byte {
	h, _ := s.macs.Get().(hash.Hash)
	if h == nil {
		h = hmac.New(sha256.New, s.key)
	} else {
		h.Reset()
	}
	h.Write(header)
	h.Write(parent)
	h.Write(metadata)
	h.Write(content)
	dst = h.Sum(dst)
	s.macs.Put(h)
	return dst
}

// Sign returns the hex signature of the four signed frames.
func (s *Signer) Sign(header, parent, metadata, content []byte) string {
	if !s.Enabled() {
		return ""
	}
	return string(s.appendSignature(nil, header, parent, metadata, content))
}

// appendSignature appends the hex signature of the four frames to dst.
func (s *Signer) appendSignature(dst, header, parent, metadata, content []byte) []byte {
	var sum [sha256.Size]byte
	return hex.AppendEncode(dst, s.mac(sum[:0], header, parent, metadata, content))
}

// Verify reports whether sig is the signature of the four frames, comparing
// in constant time. With signing disabled every signature is accepted.
func (s *Signer) Verify(sig string, header, parent, metadata, content []byte) bool {
	if !s.Enabled() {
		return true
	}
	if len(sig) != 2*sha256.Size {
		return false
	}
	var got, want [sha256.Size]byte
	if _, err := hex.Decode(got[:], []byte(sig)); err != nil {
		return false
	}
	return hmac.Equal(got[:], s.mac(want[:0], header, parent, metadata, content))
}

// Decode parses and verifies a multipart wire message.
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], []byte(Delimiter)) {
		i++
	}
	if i == len(frames) {
		return nil, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, ErrShortMessage
	}
	sig := string(rest[0])
	if !s.Verify(sig, rest[1], rest[2], rest[3], rest[4]) {
		return nil, ErrBadSignature
	}
	m := &Message{
		Identities:   frames[:i],
		RawHeader:    json.RawMessage(rest[1]),
		ParentHeader: json.RawMessage(rest[2]),
		Metadata:     json.RawMessage(rest[3]),
		Content:      json.RawMessage(rest[4]),
		Buffers:      rest[5:],
		Signature:    sig,
	}
	if err := json.Unmarshal(rest[1], &m.Header); err != nil {
		return nil, fmt.Errorf("protocol: header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("protocol: header has no msg_type")
	}
	for name, raw := range map[string]json.RawMessage{"parent_header": m.ParentHeader, "metadata": m.Metadata, "content": m.Content} {
		if !json.Valid(raw) {
			return nil, fmt.Errorf("protocol: %s is not valid JSON", name)
		}
	}
	return m, nil
}

// Encode signs m and returns its wire frames.
func Encode(m *Message, s *Signer) [][]byte {
	orEmpty := func(b []byte) []byte {
		if len(b) == 0 {
			return []byte("{}")
		}
		return b
	}
	h, p, md, c := orEmpty(m.RawHeader), orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	sig := []byte{}
	if s.Enabled() {
		sig = s.appendSignature(make([]byte, 0, 2*sha256.Size), h, p, md, c)
	}
	frames = append(frames, []byte(Delimiter), sig, h, p, md, c)
	frames = append(frames, m.Buffers...)
	return frames
}

// NewID returns a random message or session id (32 hex digits).
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("protocol: crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// NewMessage builds a message of the given type whose parent is the request
// parent (nil for none), with a fresh header in the given session.
func NewMessage(session, msgType string, parent *Message, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("protocol: %s content: %w", msgType, err)
	}
	return newMessage(session, msgType, parent, c), nil
}

// dateLayout is how headers carry their date (ISO 8601, UTC, microseconds).
const dateLayout = "2006-01-02T15:04:05.000000Z"

// newMessage is NewMessage with content already encoded as JSON.
func newMessage(session, msgType string, parent *Message, content json.RawMessage) *Message {
	h := Header{
		MsgID:    NewID(),
		Session:  session,
		Username: "kernel",
		MsgType:  msgType,
		Version:  Version,
	}
	// The header is encoded by hand, in json.Marshal's field order: it is
	// built for every message the kernel sends.
	raw := make([]byte, 0, 192)
	raw = append(raw, `{"msg_id":`...)
	raw = appendJSONString(raw, h.MsgID)
	raw = append(raw, `,"session":`...)
	raw = appendJSONString(raw, h.Session)
	raw = append(raw, `,"username":`...)
	raw = appendJSONString(raw, h.Username)
	raw = append(raw, `,"date":"`...)
	dateStart := len(raw)
	raw = time.Now().UTC().AppendFormat(raw, dateLayout)
	h.Date = string(raw[dateStart:])
	raw = append(raw, `","msg_type":`...)
	raw = appendJSONString(raw, h.MsgType)
	raw = append(raw, `,"version":`...)
	raw = appendJSONString(raw, h.Version)
	raw = append(raw, '}')
	m := &Message{Header: h, RawHeader: raw, ParentHeader: json.RawMessage("{}"), Metadata: json.RawMessage("{}"), Content: content}
	if parent != nil {
		m.ParentHeader = parent.RawHeader
		m.Identities = parent.Identities
	}
	return m
}

// appendJSONString appends s as a JSON string, escaped as json.Marshal
// escapes it.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x80 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return append(dst, b...)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// ReplayGuard remembers recent signatures so that a replayed message is
// dropped. It keeps at most Size signatures (oldest forgotten first).
type ReplayGuard struct {
	mu    sync.Mutex
	size  int
	seen  map[string]struct{}
	order []string
}

// NewReplayGuard returns a guard remembering up to size signatures.
func NewReplayGuard(size int) *ReplayGuard {
	if size <= 0 {
		size = 1 << 16
	}
	return &ReplayGuard{size: size, seen: make(map[string]struct{}, size)}
}

// Seen records sig and reports whether it had been seen before. Empty
// signatures (signing disabled) are never considered replays. It is safe
// for concurrent use (a PushTransport delivers from several goroutines).
func (g *ReplayGuard) Seen(sig string) bool {
	if sig == "" {
		return false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.seen[sig]; ok {
		return true
	}
	if len(g.order) >= g.size {
		delete(g.seen, g.order[0])
		g.order = g.order[1:]
	}
	g.seen[sig] = struct{}{}
	g.order = append(g.order, sig)
	return false
}
