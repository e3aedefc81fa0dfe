package main

// allTasks lists every comparison, in table order.
func allTasks() []Task {
	var ts []Task
	ts = append(ts, linearTasks()...)
	ts = append(ts, svmTasks()...)
	return ts
}
