package model

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Format is the value of the "format" field of every saved descent model.
const Format = "descent-model"

// Envelope is the versioned JSON wrapper around every saved model:
//
//	{"format": "descent-model", "kind": "linear.LogisticRegression",
//	 "version": 1, "model": {...}}
//
// Kind names the Go type (package.Type); Version is the version of that
// kind's payload layout, raised whenever the layout changes incompatibly.
type Envelope struct {
	Format  string          `json:"format"`
	Kind    string          `json:"kind"`
	Version int             `json:"version"`
	Model   json.RawMessage `json:"model"`
}

// ErrFutureVersion is wrapped by UnmarshalEnvelope when a file was written by
// a newer descent than this one.
var ErrFutureVersion = errors.New("model file is from a newer version of descent")

// MarshalEnvelope wraps payload (the model's fields, including its config)
// into a versioned envelope and returns the JSON. Models call it from their
// MarshalJSON method.
func MarshalEnvelope(kind string, version int, payload any) ([]byte, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", kind, err)
	}
	return json.Marshal(Envelope{Format: Format, Kind: kind, Version: version, Model: raw})
}

// ReadEnvelope decodes and checks the outer envelope of a saved model
// without decoding its payload.
func ReadEnvelope(data []byte) (Envelope, error) {
	var env Envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return env, fmt.Errorf("not a descent model file: %w", err)
	}
	if env.Format != Format {
		return env, fmt.Errorf("not a descent model file: format is %q, want %q", env.Format, Format)
	}
	if env.Kind == "" {
		return env, fmt.Errorf("corrupt model file: no kind")
	}
	if len(env.Model) == 0 {
		return env, fmt.Errorf("corrupt model file: %s has no model payload", env.Kind)
	}
	return env, nil
}

// UnmarshalEnvelope checks that data is a saved model of the given kind with
// a version no newer than maxVersion and decodes its payload into dst. It
// returns the file's version so that a model can upgrade older layouts.
// Models call it from their UnmarshalJSON method.
func UnmarshalEnvelope(data []byte, kind string, maxVersion int, dst any) (int, error) {
	env, err := ReadEnvelope(data)
	if err != nil {
		return 0, err
	}
	if env.Kind != kind {
		return env.Version, fmt.Errorf("model file holds a %s, not a %s", env.Kind, kind)
	}
	if env.Version > maxVersion {
		return env.Version, fmt.Errorf("%s version %d (this descent reads up to %d): %w", kind, env.Version, maxVersion, ErrFutureVersion)
	}
	if env.Version < 1 {
		return env.Version, fmt.Errorf("corrupt model file: %s version %d", kind, env.Version)
	}
	if err := json.Unmarshal(env.Model, dst); err != nil {
		return env.Version, fmt.Errorf("corrupt %s payload: %w", kind, err)
	}
	return env.Version, nil
}
