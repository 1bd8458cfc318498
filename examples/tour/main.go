// Command tour tells the story of sockets on loopback, one chapter at a
// time, narrating each system call and what the kernel answered: client and
// server, the TCP/IP layers, the handshake and the close on the wire, the
// socket as a facade, families and types, the workflow of a server and a
// client, and then each call of Python's socket module.
//
//	go run ./examples/tour              # every chapter, in order
//	go run ./examples/tour -list        # the chapters' numbers and titles
//	go run ./examples/tour -chapter 3   # one chapter
//
// Each chapter is a file of its own that registers itself from init. The
// chapters that need root (packet capture, SOCK_RAW) say why they skip the
// privileged part and go on, so the tour runs as any user.
package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
)

// chapter is one section of the tour.
type chapter struct {
	number int
	title  string
	run    func() error
}

var chapters []chapter

// register adds a chapter; each chapter file calls it from init.
func register(number int, title string, run func() error) {
	chapters = append(chapters, chapter{number, title, run})
}

// say narrates one step.
func say(format string, args ...any) { fmt.Printf("  "+format+"\n", args...) }

func main() {
	only := flag.Int("chapter", 0, "run only chapter `N` (see -list)")
	list := flag.Bool("list", false, "list the chapters and exit")
	flag.Parse()
	sort.Slice(chapters, func(i, j int) bool { return chapters[i].number < chapters[j].number })

	if *list {
		for _, c := range chapters {
			fmt.Printf("%2d. %s\n", c.number, c.title)
		}
		return
	}
	ran := 0
	for _, c := range chapters {
		if *only != 0 && c.number != *only {
			continue
		}
		fmt.Printf("== %d. %s\n", c.number, c.title)
		if err := c.run(); err != nil {
			fmt.Fprintf(os.Stderr, "tour: chapter %d (%s): %v\n", c.number, c.title, err)
			os.Exit(1)
		}
		fmt.Printf("-- end of chapter %d\n\n", c.number)
		ran++
	}
	if ran == 0 {
		fmt.Fprintf(os.Stderr, "tour: no chapter %d; -list shows them\n", *only)
		os.Exit(2)
	}
	if *only == 0 {
		fmt.Println("tour complete")
	}
}
