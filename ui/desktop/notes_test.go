package desktop

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
)

// An import row says how old its data is, in the app's words
// (app.StatusNote), and the note follows what is true now.
func TestImportRowNoteFollowsItsStatement(t *testing.T) {
	h := importHarness(t)
	base, _ := importtest.Base("webull-ca")
	next, _ := importtest.Overlap("webull-ca")
	p, c := h.importNew(h.statement(base.Name, base.Data))
	h.closeDone(p)
	if sub := h.row(c.ID).sub.Text(); !strings.HasSuffix(sub, "Imported just now") || strings.Contains(sub, "Synced") {
		t.Errorf("a fresh import's row: %q", sub)
	}
	h.clk.Add(5 * 24 * time.Hour)
	h.settleConnections()
	if sub := h.row(c.ID).sub.Text(); !strings.HasSuffix(sub, "Imported 5 days ago") {
		t.Errorf("five days on: %q", sub)
	}
	h.clk.Add(35 * 24 * time.Hour)
	h.settleConnections()
	if sub := h.row(c.ID).sub.Text(); !strings.HasSuffix(sub, "Statement is 40 days old: import a newer statement") {
		t.Errorf("forty days on: %q", sub)
	}
	// A newer statement: the note says so, and the attention banner goes.
	row := h.row(c.ID)
	h.drop(fyne.CurrentApp().Driver().AbsolutePositionForObject(row).Add(fyne.NewPos(20, 10)), h.statement("newer.csv", next.Data))
	h.wait("portal:done")
	h.closeDone(h.u.scr.portal)
	if sub := h.row(c.ID).sub.Text(); !strings.HasSuffix(sub, "Imported just now") {
		t.Errorf("after the newer statement: %q", sub)
	}
	if h.u.scr.home.banner.box.Visible() {
		t.Errorf("the banner stayed: %q", h.u.scr.home.banner.message.Text)
	}
}

// budgeted is an institution whose request budget allows a sync every six
// hours (as SimpleFIN's does) and whose prices can fail apart from its
// positions (a partial sync).
type budgeted struct {
	mu        sync.Mutex
	quoteDown bool
}

const budgetedID = "example-budgeted"

func (b *budgeted) Institution() integrations.Institution {
	return integrations.Institution{ID: budgetedID, Name: "Budget Bridge", DisplayName: "Budget Bridge", Region: "us", Kind: integrations.KindBroker,
		AuthMethods: []integrations.AuthMethod{{Kind: integrations.AuthToken, Label: "Token", Fields: []integrations.Field{
			{Name: "token", Label: "Token", Kind: integrations.FieldSecret}}}},
		Capabilities: []integrations.Capability{integrations.CapHoldings}, MinSyncInterval: 6 * time.Hour}
}

func (b *budgeted) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return &integrations.FormLogin{Form: &integrations.FormStep{Fields: b.Institution().AuthMethods[0].Fields},
		Validate: func(context.Context, map[string]string) (*integrations.DoneStep, error) {
			return &integrations.DoneStep{Grant: integrations.Grant{Method: integrations.AuthToken, Secret: []byte("t"), Fingerprint: "fp"}}, nil
		}}, nil
}

func (b *budgeted) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return budgetClient{b}, nil
}

type budgetClient struct{ b *budgeted }

func (c budgetClient) Accounts(context.Context) ([]integrations.Account, error) {
	return []integrations.Account{{ID: "A1", Name: "Brokerage", Currency: "USD", Category: integrations.CategoryInvestment}}, nil
}

func (c budgetClient) Balances(context.Context, string) ([]integrations.Balance, error) {
	return []integrations.Balance{{Currency: "USD", Cash: decimal.NewFromInt(10), Total: decimal.NewFromInt(110)}}, nil
}

func (c budgetClient) Positions(context.Context, string) ([]integrations.Position, error) {
	pos := []integrations.Position{{Symbol: integrations.Symbol{Ticker: "VTI"}, Units: decimal.NewFromInt(1), Price: decimal.NewFromInt(100),
		MarketValue: decimal.NewFromInt(100), Currency: "USD"}}
	c.b.mu.Lock()
	down := c.b.quoteDown
	c.b.mu.Unlock()
	if down {
		return integrations.PricesUnknown(pos, errors.New("quote service down"))
	}
	return pos, nil
}

func (c budgetClient) Activities(context.Context, string, time.Time) ([]integrations.Activity, error) {
	return nil, nil
}

// A row says what its last sync could not read and when the institution's
// budget allows the next refresh; each goes when it stops being true.
func TestRowNotesClearWhenNoLongerTrue(t *testing.T) {
	b := &budgeted{quoteDown: true}
	h := newHarness(t, withIntegrations(t, func() []integrations.Integration { return []integrations.Integration{b} }, nil))
	h.unlocked()
	p := h.openForm(budgetedID)
	h.fill(p, map[string]string{"token": "secret-token"})
	h.wait("portal:done")
	h.wait("portal:synced")
	c := *p.st.result
	h.closeDone(p)
	sub := h.row(c.ID).sub.Text()
	if !strings.Contains(sub, "Synced just now · Partly synced: positions of Brokerage: prices could not be read") || !strings.HasSuffix(sub, "next refresh allowed at 18:00") {
		t.Fatalf("after a partial sync: %q", sub)
	}
	s := h.openAccounts(c.ID)
	if !strings.Contains(s.head.sub.Text(), "next refresh allowed at 18:00") {
		t.Errorf("the accounts screen's header: %q", s.head.sub.Text())
	}
	h.u.showHome()
	h.wait("connections")

	// Six hours on, the prices back: both notes go.
	b.mu.Lock()
	b.quoteDown = false
	b.mu.Unlock()
	h.clk.Add(6*time.Hour + time.Minute)
	h.settleConnections()
	if sub := h.row(c.ID).sub.Text(); strings.Contains(sub, "next refresh") {
		t.Errorf("the budget allows a refresh again: %q", sub)
	}
	h.u.sync.refresh([]string{c.ID}, false)
	h.wait("refresh:done")
	h.settleConnections()
	if sub := h.row(c.ID).sub.Text(); strings.Contains(sub, "Partly") || !strings.HasSuffix(sub, "next refresh allowed on 16 Mar 2026, 00:01") {
		t.Errorf("after a full sync: %q", sub)
	}
}

// openAccounts shows a connection's accounts and waits for them.
func (h *harness) openAccounts(id string) *accountsScreen {
	h.t.Helper()
	h.u.showAccounts(id)
	h.waitAll("accounts:loaded", "holdings:loaded", "activity:loaded")
	return h.u.scr.accounts
}

// demoAccounts is a harness with the demo brokerage connected as user_good
// and its accounts shown.
func demoAccounts(t *testing.T) (*harness, *accountsScreen, app.Connection) {
	t.Helper()
	h := newHarness(t)
	h.unlocked()
	conn := h.connectWithPassword("user_good")
	return h, h.openAccounts(conn.ID), conn
}

// resize resizes the window and lets the layout settle.
func (h *harness) resize(w, ht float32) {
	h.t.Helper()
	h.w.Resize(fyne.NewSize(w, ht))
	h.settle()
}
