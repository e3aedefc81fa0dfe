// Command descent-kernel is the Jupyter kernel for Go cells with the
// descent ML library.
//
//	descent-kernel install [--user | --prefix DIR]   write the kernelspec
//	descent-kernel run -f CONNECTION_FILE            run the kernel (Jupyter does this)
//	descent-kernel CONNECTION_FILE                   same
//
// install writes kernel.json (name "descent", display name "Go (descent)",
// interrupt_mode "message", this binary's absolute path) and two logos into
// the system, user (--user) or prefix (--prefix DIR) Jupyter data
// directory, so that `jupyter kernelspec list` shows it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/traefik/yaegi/stdlib"

	"github.com/descentml/descent/kernel/interp"
	"github.com/descentml/descent/kernel/protocol"
	"github.com/descentml/descent/kernel/transport/zmq"
)

func main() {
	log.SetFlags(log.LstdFlags)
	log.SetPrefix("descent-kernel: ")
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "descent-kernel:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: descent-kernel install [--user | --prefix DIR] | descent-kernel run -f CONNECTION_FILE")
	}
	switch args[0] {
	case "install":
		fs := flag.NewFlagSet("install", flag.ContinueOnError)
		user := fs.Bool("user", false, "install for the current user")
		prefix := fs.String("prefix", "", "install under `DIR`/share/jupyter/kernels")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		dir, err := install(*user, *prefix)
		if err != nil {
			return err
		}
		fmt.Printf("installed kernelspec descent in %s\n", dir)
		return nil
	case "run":
		fs := flag.NewFlagSet("run", flag.ContinueOnError)
		file := fs.String("f", "", "Jupyter connection `file`")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *file == "" && fs.NArg() == 1 {
			*file = fs.Arg(0)
		}
		if *file == "" {
			return errors.New("run: -f CONNECTION_FILE is required")
		}
		return serve(*file)
	default:
		if len(args) == 1 && filepath.Ext(args[0]) == ".json" {
			return serve(args[0])
		}
		return fmt.Errorf("unknown command %q", args[0])
	}
}

// jupyterDataDir is where Jupyter keeps per-user data.
func jupyterDataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "jupyter")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

func serve(connFile string) (err error) {
	stopProfiles, err := startProfiles()
	if err != nil {
		return err
	}
	defer func() {
		if perr := stopProfiles(); perr != nil && err == nil {
			err = perr
		}
	}()
	ci, err := zmq.ReadConnectionFile(connFile)
	if err != nil {
		return err
	}
	signer, err := protocol.NewSigner(ci.SignatureScheme, []byte(ci.Key))
	if err != nil {
		return err
	}
	logger := log.Default()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t, err := zmq.Listen(ctx, ci, logger)
	if err != nil {
		return err
	}
	defer t.Close()
	in, err := interp.New(interp.Options{Stdlib: stdlib.Symbols})
	if err != nil {
		return err
	}
	hist, err := protocol.OpenHistory(filepath.Join(jupyterDataDir(), "descent", "history.jsonl"))
	if err != nil {
		logger.Printf("history not persisted: %v", err)
		hist = protocol.NewMemoryHistory()
	}
	defer func() {
		if err := hist.Close(); err != nil {
			logger.Print(err)
		}
	}()
	k, err := protocol.New(protocol.Config{Transport: t, Signer: signer, Interpreter: in, History: hist, Logger: logger})
	if err != nil {
		return err
	}
	// A comm target that echoes what it receives, for frontends and tests.
	k.RegisterCommTarget("descent.echo", func(send func(any), data json.RawMessage) {
		if len(data) == 0 {
			data = json.RawMessage("null")
		}
		send(data)
	})
	// jupyter_client sends SIGINT before every shutdown and restart, and
	// for interrupts: stop the running cell, never the process.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for sig := range sigs {
			if sig == syscall.SIGTERM {
				// Exit through the deferred closes (history file,
				// sockets, profiles) rather than at once.
				logger.Print("SIGTERM: exiting")
				cancel()
				continue
			}
			logger.Print("SIGINT: interrupting the running cell")
			k.Interrupt()
		}
	}()
	// Like ipykernel, exit when the process that started the kernel is gone
	// (jupyter_client sets JPY_PARENT_PID), so no orphan kernels remain.
	if os.Getenv("JPY_PARENT_PID") != "" {
		parent := os.Getppid()
		go func() {
			for range time.Tick(time.Second) {
				if os.Getppid() != parent {
					logger.Print("the frontend that started the kernel is gone: exiting")
					cancel()
					return
				}
			}
		}()
	}
	if err := k.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
