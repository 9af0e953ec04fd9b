/**
 * The Message-ID every notification about one ticket answers (In-Reply-To and
 * References), so mail clients show a ticket's emails as one thread. No email
 * carries it as its own Message-ID: it is the thread's name, not a message.
 */
export function ticketThreadId(ticketId: string, publicUrl: string): string {
  let host = 'localhost';
  try {
    host = new URL(publicUrl).hostname || host;
  } catch {
    // keep localhost
  }
  return `<ticket-${ticketId}@${host}>`;
}
