package fake

import "testing"

// TestValidSignatureDocExample: the HMAC example of Binance's "Request
// security" page (secretKey NhqPtm…, the LTCBTC limit order's query string,
// signature c8db5682…) passes; the same request with one byte of the query
// or of the signature changed does not.
func TestValidSignatureDocExample(t *testing.T) {
	const (
		secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
		params = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
		sig    = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
	)
	if !validSignature(secret, params, sig) {
		t.Fatal("the documented example is refused")
	}
	if validSignature(secret, params[:len(params)-1]+"8", sig) {
		t.Error("a changed query string passes")
	}
	if validSignature(secret, params, sig[:len(sig)-1]+"0") {
		t.Error("a changed signature passes")
	}
}
