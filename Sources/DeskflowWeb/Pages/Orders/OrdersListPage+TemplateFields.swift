import DeskflowDomain
import DeskflowTemplates

extension OrdersListPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope(\.chrome),
        "heading": .text(\.heading),
        "filter": .text(\.filter),
        "query": .text(\.query),
        "hasQuery": .flag(\.hasQuery),
        "clearSearchURL": .text(\.clearSearchURL),
        "tabs": .list(\.tabs),
        "rows": .list(\.rows),
        "hasRows": .flag(\.hasRows),
        "emptyTitle": .text(\.emptyTitle),
        "emptyAdvice": .text(\.emptyAdvice),
        "nextURL": .text(\.nextURL),
        "isFirstPage": .flag(\.isFirstPage),
        "firstPageURL": .text(\.firstPageURL),
        "hasPager": .flag(\.hasPager),
        "isQueue": .flag(\.isQueue),
        "attentionSummary": .text(\.attentionSummary),
        "bulk": .scope(\.bulk),
    ]
}

extension OrdersListPage.Tab: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text(\.value),
        "label": .text(\.label),
        "count": .text(\.count),
        "url": .text(\.url),
        "isCurrent": .flag(\.isCurrent),
        "isAttention": .flag(\.isAttention),
    ]
}

extension OrdersListPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "number": .number(\.number),
        "url": .text(\.url),
        "placedAt": .text(\.placedAt),
        "placedAtISO": .text(\.placedAtISO),
        "customerName": .text(\.customerName),
        "customerEmail": .text(\.customerEmail),
        "total": .text(\.total),
        "status": .text(\.status),
        "paymentStatus": .text(\.paymentStatus),
        "fulfillmentStatus": .text(\.fulfillmentStatus),
        "issue": .text(\.issue),
        "statusBadge": .scope(\.statusBadge),
        "paymentBadge": .scope(\.paymentBadge),
        "fulfillmentBadge": .scope(\.fulfillmentBadge),
        "issueBadge": .scope(\.issueBadge),
        "issueMessage": .text(\.issueMessage),
        "issueSince": .text(\.issueSince),
        "issueSinceISO": .text(\.issueSinceISO),
        "attempts": .text(\.attempts),
        "primaryAction": .scope(\.primaryAction),
        "isSelected": .flag(\.isSelected),
        "checkboxID": .text(\.checkboxID),
        "describedBy": .text(\.describedBy),
    ]
}

extension OrdersListPage.BulkPanel: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "csrfToken": .text(\.csrfToken),
        "idempotencyKey": .text(\.idempotencyKey),
        "page": .text(\.page),
        "allSelected": .flag(\.allSelected),
        "clearSelectionURL": .text(\.clearSelectionURL),
        "reasons": .list(\.reasons),
        "restock": .flag(\.restock),
        "notifyCustomer": .flag(\.notifyCustomer),
        "errors": .list(\.errors),
        "hasErrors": .flag(\.hasErrors),
        "ordersError": .text(\.ordersError),
        "actionError": .text(\.actionError),
        "reasonError": .text(\.reasonError),
    ]
}

extension OrdersListPage.PrimaryAction: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text(\.label),
        "url": .text(\.url),
        "isLink": .flag(\.isLink),
        "version": .number(\.version),
        "idempotencyKey": .text(\.idempotencyKey),
    ]
}
