package desktop

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Text styles of the app: headings, body, captions and muted secondary text.

func heading(s string) *widget.Label { return boldSized(s, theme.SizeNameHeadingText) }

func centeredHeading(s string) *widget.Label { return centerText(heading(s)) }

func subheading(s string) *widget.Label { return boldSized(s, theme.SizeNameSubHeadingText) }

// boldSized is a bold label at one of the theme's text sizes.
func boldSized(s string, size fyne.ThemeSizeName) *widget.Label {
	l := boldLabel(s)
	l.SizeName = size
	return l
}

// wrappedSubheading is a subheading that wraps (alone on its line, never in
// a row beside something: a wrapping label in a row collapses to a column).
func wrappedSubheading(s string) *widget.Label { return wordWrap(subheading(s)) }

func wrapped(s string) *widget.Label { return wordWrap(widget.NewLabel(s)) }

func caption(s string) *widget.Label {
	l := wrapped(s)
	l.SizeName = theme.SizeNameCaptionText
	return l
}

// wordWrap makes l wrap between words.
func wordWrap(l *widget.Label) *widget.Label {
	l.Wrapping = fyne.TextWrapWord
	return l
}

// centerText centres l's text.
func centerText(l *widget.Label) *widget.Label {
	l.Alignment = fyne.TextAlignCenter
	return l
}

func boldLabel(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func boldRight(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

func rightLabel(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignTrailing, fyne.TextStyle{})
}

// pathLabel shows a file path: monospace, broken anywhere to fit (a long
// path must not set the window's minimum width).
func pathLabel(p string) *widget.Label {
	l := widget.NewLabelWithStyle(p, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	l.Wrapping = fyne.TextWrapBreak
	return l
}

// errorText is a message in the error colour that wraps.
func errorText() *widget.Label {
	l := wrapped("")
	l.Importance = widget.DangerImportance
	return l
}

// setText changes a label's text only when it differs (a refresh of a
// truncating label measures its text again).
func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// muted is secondary text (a row's second line, a summary, a status) in
// the theme's placeholder colour, which the app's theme keeps at AA
// contrast: quieter than the main text but legible.
type muted struct {
	*widget.RichText
	seg *widget.TextSegment
}

func newMuted(s string) *muted {
	seg := &widget.TextSegment{Text: s, Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true,
		SizeName: theme.SizeNameText}}
	rt := widget.NewRichText(seg)
	rt.Truncation = fyne.TextTruncateEllipsis
	return &muted{RichText: rt, seg: seg}
}

// SetText changes the text (only when it differs).
func (m *muted) SetText(s string) {
	if m.seg.Text != s {
		m.seg.Text = s
		m.Refresh()
	}
}

// Text returns the text.
func (m *muted) Text() string { return m.seg.Text }

// wrap makes the text wrap instead of truncating.
func (m *muted) wrap() *muted {
	m.Truncation = fyne.TextTruncateOff
	m.Wrapping = fyne.TextWrapWord
	return m
}
