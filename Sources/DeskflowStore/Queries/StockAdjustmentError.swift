public enum StockAdjustmentError: Error, Equatable {
    case unknownSKU
}
