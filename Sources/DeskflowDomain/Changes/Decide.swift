import Foundation

/// Every decision an order can take, each a pure function from the order as it stands under the write lock (and what
/// the manager asked, or an outside system answered) to the change the store writes, or a refusal. Nothing else
/// picks a status, opens an issue, moves money or stock, or words a timeline entry.
public enum Decide {}
