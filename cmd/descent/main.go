// Command descent is descent's command-line tool: a tour of the library,
// the embedded datasets, and training and prediction from the shell.
//
//	descent tour                                   fit a few models and show the scores
//	descent datasets                               list the embedded datasets
//	descent train -data iris -model svc -o m.json  fit a model and save it as JSON
//	descent predict -model m.json -data new.csv    print one prediction per row
//	descent serve                                  serve the browser demos on 127.0.0.1
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `descent: classic machine learning in Go

usage:
  descent tour                      fit a few models on the embedded datasets and show the scores
  descent datasets                  list the embedded datasets
  descent train [flags]             fit a model and save it as JSON (descent train -h)
  descent predict [flags]           load a saved model and print its predictions (descent predict -h)
  descent serve [-dir D] [-addr A]  serve the browser demos (built by make wasm-site) on 127.0.0.1
`

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "tour":
		err = tour(stdout)
	case "datasets":
		err = listDatasets(stdout)
	case "train":
		err = train(args[1:], stdout, stderr)
	case "predict":
		err = predict(args[1:], stdout, stderr)
	case "serve":
		err = serve(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "descent: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "descent:", err)
		return 1
	}
	return 0
}
