/**
 * Advisory lock key: writers of revisions hold it shared for their transaction, blob collection
 * takes it exclusively per batch, so a blob just reused by an upload is never collected under it.
 */
export const BLOB_COLLECTION_LOCK = 0x72656c6962; // "relib"
