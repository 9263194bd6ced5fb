package main

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// shippedTags reads packaging/build-tags, the one place that says which
// build tags every build of Latchkey uses.
func shippedTags(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("packaging", "build-tags"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// TestBuildTagsHaveOneSource: every build, test and package script takes
// its tags from packaging/build-tags (or from the Makefile's TAGS, which
// reads it), so that a tag such as no_emoji cannot be in the installers
// and missing from the tests, or the other way round. The Fyne hello-world
// of the start-up benchmark is the one exception: it is built as Fyne ships.
func TestBuildTagsHaveOneSource(t *testing.T) {
	tags := shippedTags(t)
	for _, want := range []string{"migrated_fynedo", "no_emoji"} {
		if !strings.Contains(","+tags+",", ","+want+",") {
			t.Errorf("packaging/build-tags is %q: it lacks %s", tags, want)
		}
	}
	allowed := []string{`"$(cat packaging/build-tags)"`, `$(TAGS)`, `$tags`, `"${BENCH_TAGS:-$(cat "$root/packaging/build-tags")}"`}
	use := regexp.MustCompile(`-tags[ =](\S.*)`)
	files := []string{"Makefile"}
	err := filepath.WalkDir("packaging", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(p) {
		case ".sh", ".yml", ".yaml", "":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for n := 1; sc.Scan(); n++ {
			for _, m := range use.FindAllStringSubmatch(sc.Text(), -1) {
				rest := m[1]
				if strings.HasPrefix(rest, "-") { // git describe --tags --exact-match
					continue
				}
				seen++
				if fromFile(rest, allowed) || (strings.Contains(sc.Text(), "packaging/bench/hello") && strings.HasPrefix(rest, "migrated_fynedo ")) {
					continue
				}
				t.Errorf("%s:%d builds with -tags %s: take the tags from packaging/build-tags", f, n, strings.Fields(rest)[0])
			}
		}
		fh.Close()
	}
	if seen < 10 {
		t.Errorf("found %d uses of -tags in the Makefile and packaging/: the scan is not reading them", seen)
	}
}

// fromFile reports whether the words after -tags start with one of the
// ways of saying "the tags in packaging/build-tags".
func fromFile(rest string, allowed []string) bool {
	for _, a := range allowed {
		if rest == a || strings.HasPrefix(rest, a+" ") {
			return true
		}
	}
	return false
}
