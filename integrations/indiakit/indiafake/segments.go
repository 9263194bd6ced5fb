package indiafake

// Segments are how an API names the segments of the book's exchanges: the
// cash segments of NSE and BSE, NSE's F&O (the book's NFO) and MCX's
// commodities.
type Segments struct {
	NSE, BSE, NFO, MCX string
}

// Of is the API's segment of exchange, one of the book's (a holding's
// Exchange, a position's Segment, a trade's Exchange): NSE's cash segment
// for any the API does not name apart.
func (s Segments) Of(exchange string) string {
	switch exchange {
	case "BSE":
		return s.BSE
	case "NFO":
		return s.NFO
	case "MCX":
		return s.MCX
	}
	return s.NSE
}
