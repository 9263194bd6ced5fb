package desktop

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// workingPage says what the portal is doing while it waits.
type workingPage struct {
	text *widget.Label
	box  fyne.CanvasObject
}

func newWorkingPage(text string) *workingPage {
	w := &workingPage{text: widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{})}
	w.box = container.NewCenter(w.text)
	return w
}

func (w *workingPage) name() string            { return "working" }
func (w *workingPage) view() fyne.CanvasObject { return w.box }
func (w *workingPage) actions() []*button      { return nil }
func (w *workingPage) focus() fyne.Focusable   { return nil }
func (w *workingPage) failed(string) bool      { return false }

// browserPage: the institution's page opens in the browser; the portal
// waits for the callback. It says "Opening your browser…" until the
// browser answered, and leads with copying the address when it could not
// open.
type browserPage struct {
	p          *portal
	step       *integrations.BrowserStep
	status     *widget.Label
	url        *widget.Label
	copyURL    *button
	openAgain  *button
	paste      *entry
	pasteBtn   *button
	problem    *widget.Label
	box        *fyne.Container
	copyBox    fyne.CanvasObject
	failedOpen bool
	instName   string
}

func (b *browserPage) name() string            { return "browser" }
func (b *browserPage) view() fyne.CanvasObject { return container.NewVScroll(b.box) }
func (b *browserPage) actions() []*button {
	if b.pasteBtn == nil {
		return nil
	}
	return []*button{b.pasteBtn}
}
func (b *browserPage) focus() fyne.Focusable {
	if b.failedOpen {
		return b.copyURL
	}
	if b.paste != nil {
		return b.paste
	}
	return b.copyURL
}
func (b *browserPage) failed(msg string) bool {
	b.problem.SetText(msg)
	b.problem.Show()
	return true
}

func (p *portal) newBrowserPage(s *integrations.BrowserStep) *browserPage {
	b := &browserPage{p: p, step: s}
	name := "the institution"
	if p.st.inst != nil {
		name = p.st.inst.DisplayName
	}
	b.status = wrapped("Opening your browser…")
	b.url = widget.NewLabel(s.URL)
	b.url.Wrapping = fyne.TextWrapBreak
	b.url.TextStyle.Monospace = true
	b.copyURL = newButton("Copy the address", theme.ContentCopyIcon(), func() {
		p.host.clipboard().SetContent(s.URL)
		b.copyURL.SetText("Copied")
	})
	b.openAgain = newButton("Open again", theme.ComputerIcon(), func() {
		b.status.SetText("Opening your browser…")
		sess := p.sess
		go sess.OpenURL(p.ctx)
	})
	b.copyBox = widget.NewCard("", "", container.NewVBox(
		caption("Browser did not open? Copy this address into it:"), b.url, container.NewHBox(b.copyURL, b.openAgain)))
	b.problem = errorText()
	b.problem.Hide()
	wait := "Waiting for you to finish in the browser…"
	if s.Timeout > 0 {
		wait = fmt.Sprintf("Waiting for you to finish in the browser (up to %s)…", integrations.HumanDuration(s.Timeout))
	}
	waiting := container.NewHBox(widget.NewIcon(theme.HistoryIcon()), widget.NewLabel(wait))
	b.box = container.NewVBox(subheading("Continue in your browser"), b.status, b.copyBox, waiting, b.problem)
	if s.CanPaste {
		b.paste = newEntry()
		b.paste.SetPlaceHolder("Paste the address the browser ended on, or the code it shows")
		b.pasteBtn = newButton("Continue", nil, b.sendPaste).primary()
		b.paste.OnSubmitted = func(string) { b.sendPaste() }
		b.box.Add(widget.NewSeparator())
		b.box.Add(boldLabel("The browser did not come back to Latchkey?"))
		b.box.Add(caption("Copy the full address from the browser's address bar after you allowed access (or the code the page shows) and paste it here."))
		b.box.Add(border(nil, nil, nil, nil, b.paste))
	}
	b.instName = name
	if e := p.st.browser; e != nil && e.URL == s.URL {
		b.opened(*e)
	}
	return b
}

// opened shows whether the browser opened the page.
func (b *browserPage) opened(e event) {
	if e.URL != b.step.URL {
		return
	}
	if e.Err == nil {
		b.failedOpen = false
		b.status.SetText(fmt.Sprintf("Latchkey opened %s's sign-in page in your browser. Sign in there and allow access; "+
			"this window continues by itself when you are done.", b.instName))
		return
	}
	// Lead with the way that works: copy the address into a browser.
	b.failedOpen = true
	b.status.SetText("Latchkey could not open your browser. Copy the address below into a browser, sign in there and allow access.")
	b.status.Importance = widget.WarningImportance
	b.status.Refresh()
	b.copyURL.Importance = widget.HighImportance
	b.copyURL.Refresh()
	b.p.host.focus(b.copyURL)
}

func (b *browserPage) sendPaste() {
	text := strings.TrimSpace(b.paste.Text)
	if text == "" || b.pasteBtn.Disabled() {
		return
	}
	p := b.p
	gen := p.gen
	sess := p.sess
	b.pasteBtn.Disable()
	p.runCurrent(gen, "portal:pasted", func(ctx context.Context) func() {
		err := sess.Paste(text)
		return func() {
			b.pasteBtn.Enable()
			if err != nil {
				b.failed("That could not be used. " + app.Explain(err, p.situation()).Text)
				b.paste.selectAll()
				return
			}
			b.problem.Hide()
			b.paste.SetText("")
		}
	})
}

// approvePage: approve the login in the institution's app; the portal
// polls.
type approvePage struct {
	link  *link
	title string
	box   fyne.CanvasObject
}

func (a *approvePage) name() string            { return "approve" }
func (a *approvePage) view() fyne.CanvasObject { return a.box }
func (a *approvePage) actions() []*button      { return nil }
func (a *approvePage) failed(string) bool      { return false }
func (a *approvePage) focus() fyne.Focusable {
	if a.link != nil {
		return a.link
	}
	return nil
}

func (p *portal) newApprovePage(s *integrations.ApproveStep) *approvePage {
	a := &approvePage{}
	msg := s.Message
	if msg == "" {
		msg = "Open the institution's app on your phone and approve the sign-in request."
	}
	title, waiting := "Approve the sign-in in your app", "Waiting for your approval…"
	if s.ApproveURL != "" {
		// The step is done on a page (the demo's approval, a bridge's page
		// to fix a connection): its message says what; the heading stays
		// neutral.
		title, waiting = "Continue in your browser", "Waiting…"
	}
	a.title = title
	box := container.NewVBox(subheading(title), wrapped(msg),
		container.NewHBox(widget.NewIcon(theme.HistoryIcon()), widget.NewLabel(waiting)))
	if s.ApproveURL != "" {
		approve := s.ApproveURL
		browser := p.host.browser()
		a.link = newLink("Open the page in your browser", func() {
			go func() { _ = browser.OpenURL(p.ctx, approve) }()
		})
		box.Add(a.link)
	}
	if s.Timeout > 0 {
		box.Add(caption(fmt.Sprintf("The request expires after %s.", integrations.HumanDuration(s.Timeout))))
	}
	a.box = container.NewVScroll(box)
	return a
}
