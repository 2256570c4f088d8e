/**
 * The article change feed's names, shared by the writer (which records changes) and the live
 * layer (which follows them). Every article insert or update takes the next `article_change_seq`
 * value as its `change_seq`, and NOTIFYs the channel with it inside the same transaction, so
 * listeners hear only committed changes. Assigning the value under one transaction-level advisory
 * lock, held to the commit, makes sequence order commit order: a reader that has seen change N has
 * seen every change before N. The article writer takes it as its last step; the bulk writer just
 * before its article rows (src/import/bulk/batch.ts), so each is written once with its number.
 */
export const ARTICLE_CHANGES_CHANNEL = 'newsgraph_article_changes';
/** Key of the advisory lock that orders change numbers (an arbitrary constant, "ng" + "chg"). */
export const CHANGE_ORDER_LOCK = 0x6e67_636867;
