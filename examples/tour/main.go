// Command tour walks through the socket package on loopback, narrating each
// step: run it with no arguments (go run ./examples/tour). Each chapter is a
// file of its own that registers itself; they run in the order of their
// numbers.
package main

import (
	"fmt"
	"os"
	"sort"
)

// chapter is one section of the tour.
type chapter struct {
	order int
	title string
	run   func() error
}

var chapters []chapter

// register adds a chapter; each chapter file calls it from init.
func register(order int, title string, run func() error) {
	chapters = append(chapters, chapter{order, title, run})
}

// say narrates one step.
func say(format string, args ...any) { fmt.Printf("  "+format+"\n", args...) }

func main() {
	sort.Slice(chapters, func(i, j int) bool { return chapters[i].order < chapters[j].order })
	for _, c := range chapters {
		fmt.Printf("== %d. %s\n", c.order, c.title)
		if err := c.run(); err != nil {
			fmt.Fprintf(os.Stderr, "tour: %s: %v\n", c.title, err)
			os.Exit(1)
		}
		fmt.Println()
	}
	fmt.Println("tour complete")
}
