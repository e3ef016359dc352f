/** A status as text and colour (the text carries the meaning; colour only helps). */
export function Status({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{status}</span>;
}
