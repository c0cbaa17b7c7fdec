"""PDF notices: fonts, layout, seals, QR codes, verification codes and PAdES signatures (heavy imports stay lazy)."""
