import DeskflowDomain
import DeskflowTemplates

extension OrdersListPage: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "chrome": .scope { $0.chrome },
        "heading": .text { $0.heading },
        "filter": .text { $0.filter },
        "query": .text { $0.query },
        "hasQuery": .flag { $0.hasQuery },
        "clearSearchURL": .text { $0.clearSearchURL },
        "tabs": .list { $0.tabs },
        "rows": .list { $0.rows },
        "hasRows": .flag { $0.hasRows },
        "emptyTitle": .text { $0.emptyTitle },
        "emptyAdvice": .text { $0.emptyAdvice },
        "nextURL": .text { $0.nextURL },
        "isFirstPage": .flag { $0.isFirstPage },
        "firstPageURL": .text { $0.firstPageURL },
        "hasPager": .flag { $0.hasPager },
        "isQueue": .flag { $0.isQueue },
        "attentionSummary": .text { $0.attentionSummary },
        "bulk": .scope { $0.bulk },
    ]
}

extension OrdersListPage.Tab: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "value": .text { $0.value },
        "label": .text { $0.label },
        "count": .text { $0.count },
        "url": .text { $0.url },
        "isCurrent": .flag { $0.isCurrent },
        "isAttention": .flag { $0.isAttention },
    ]
}

extension OrdersListPage.Row: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "number": .number { $0.number },
        "url": .text { $0.url },
        "placedAt": .text { $0.placedAt },
        "placedAtISO": .text { $0.placedAtISO },
        "customerName": .text { $0.customerName },
        "customerEmail": .text { $0.customerEmail },
        "total": .text { $0.total },
        "status": .text { $0.status },
        "paymentStatus": .text { $0.paymentStatus },
        "fulfillmentStatus": .text { $0.fulfillmentStatus },
        "issue": .text { $0.issue },
        "statusBadge": .scope { $0.statusBadge },
        "paymentBadge": .scope { $0.paymentBadge },
        "fulfillmentBadge": .scope { $0.fulfillmentBadge },
        "issueBadge": .scope { $0.issueBadge },
        "issueMessage": .text { $0.issueMessage },
        "issueSince": .text { $0.issueSince },
        "issueSinceISO": .text { $0.issueSinceISO },
        "attempts": .text { $0.attempts },
        "primaryAction": .scope { $0.primaryAction },
        "isSelected": .flag { $0.isSelected },
        "checkboxID": .text { $0.checkboxID },
        "describedBy": .text { $0.describedBy },
    ]
}

extension OrdersListPage.BulkPanel: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "csrfToken": .text { $0.csrfToken },
        "idempotencyKey": .text { $0.idempotencyKey },
        "page": .text { $0.page },
        "allSelected": .flag { $0.allSelected },
        "clearSelectionURL": .text { $0.clearSelectionURL },
        "reasons": .list { $0.reasons },
        "restock": .flag { $0.restock },
        "notifyCustomer": .flag { $0.notifyCustomer },
        "errors": .list { $0.errors },
        "hasErrors": .flag { $0.hasErrors },
        "ordersError": .text { $0.ordersError },
        "actionError": .text { $0.actionError },
        "reasonError": .text { $0.reasonError },
    ]
}

extension OrdersListPage.PrimaryAction: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "label": .text { $0.label },
        "url": .text { $0.url },
        "isLink": .flag { $0.isLink },
        "version": .number { $0.version },
        "idempotencyKey": .text { $0.idempotencyKey },
    ]
}
