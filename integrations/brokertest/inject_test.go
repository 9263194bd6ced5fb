package brokertest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

func TestInjectorReplyAndPath(t *testing.T) {
	var inj Injector
	srv := httptest.NewServer(inj.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ok":true}`))
	})))
	t.Cleanup(srv.Close)
	get := func(ctx context.Context, path string) (*http.Response, string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, string(b), err
	}

	inj.InjectReply(Reply{Status: 429, RetryAfter: "9", Body: "slow down"}, 1)
	if resp, body, err := get(t.Context(), "/a"); err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "9" || body != "slow down" {
		t.Fatalf("reply: %v %q %v", resp, body, err)
	}
	if resp, _, _ := get(t.Context(), "/a"); resp.StatusCode != 200 {
		t.Fatalf("a reply injected once served twice: %d", resp.StatusCode)
	}
	inj.InjectReply(Reply{Body: `{"cut`, Truncate: true}, 1)
	if _, _, err := get(t.Context(), "/a"); err == nil {
		t.Fatal("a truncated body read whole")
	}
	inj.InjectReply(Reply{Delay: time.Hour}, 1)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if _, _, err := get(ctx, "/a"); err == nil {
		t.Fatal("a delayed answer came before the client gave up")
	}

	inj.InjectPath("/quotes", Unauthorized, 5)
	if resp, _, _ := get(t.Context(), "/v1/positions"); resp.StatusCode != 200 {
		t.Fatalf("a path fault hit another path: %d", resp.StatusCode)
	}
	if resp, _, _ := get(t.Context(), "/sandbox/v1/quotes"); resp.StatusCode != 401 {
		t.Fatalf("a path fault missed its path: %d", resp.StatusCode)
	}
	if _, ok := inj.Take(); ok {
		t.Fatal("Take without a request consumed a path fault")
	}
}

func TestRunVariants(t *testing.T) {
	in := &memInt{}
	var asked []string
	RunVariants(t, func(v integrations.Integration) (Harness, bool) {
		asked = append(asked, v.Institution().ID)
		return memHarness(bugs{}), v == in
	}, in)
	if len(asked) != 1 || asked[0] != in.Institution().ID {
		t.Errorf("the provider was asked for %v", asked)
	}
}

// Press presses the consent page's button; Submit fills in the page's
// fields as well. Both keep the form's hidden fields and answer every
// other step from values.
func TestPressAndSubmit(t *testing.T) {
	got := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			_, _ = w.Write([]byte(`<form method="post" action="/decide"><input type="hidden" name="state" value="s1">` +
				`<input type="text" name="user_id" value="ZT1234"><button name="decision" value="approve">Approve</button></form>`))
		default:
			_ = r.ParseForm()
			got <- r.PostForm.Get("decision") + "/" + r.PostForm.Get("user_id") + "/" + r.PostForm.Get("state")
		}
	}))
	t.Cleanup(srv.Close)
	for _, c := range []struct {
		name   string
		answer func(context.Context, Fake, integrations.Step) (integrations.Answer, error)
		posted string
	}{
		{"Press", Press("deny", map[string]string{"code": "123456"}), "deny/ZT1234/s1"},
		{"Submit", Submit(map[string]string{"decision": "approve", "user_id": "ZX5678"}, map[string]string{"code": "123456"}), "approve/ZX5678/s1"},
	} {
		if a, err := c.answer(t.Context(), nil, &integrations.BrowserStep{URL: srv.URL + "/consent"}); err != nil || a.Values != nil {
			t.Fatalf("%s: browser step: %+v %v", c.name, a, err)
		}
		if d := <-got; d != c.posted {
			t.Errorf("%s: the page got %q, want %q: the button, the fields filled in and the hidden ones", c.name, d, c.posted)
		}
		a, err := c.answer(t.Context(), nil, &integrations.CodeStep{Field: integrations.Field{Name: "code"}})
		if err != nil || a.Values["code"] != "123456" {
			t.Errorf("%s: a code step: %+v %v", c.name, a, err)
		}
	}
}
