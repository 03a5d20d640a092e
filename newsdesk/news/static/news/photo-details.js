// The article form (news.photos): when a lead photo is chosen, its own caption and credit fill
// the empty caption and credit fields, which stay editable. Nothing typed is overwritten.
// Listens on the document: the script may load before the form, and the chooser's hidden input
// announces each choice with a bubbling "change" event.
document.addEventListener('change', async (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.id !== 'id_lead_image') return;
  const caption = document.getElementById('id_lead_image_caption');
  const credit = document.getElementById('id_lead_image_credit');
  if (!caption || !credit || !/^\d+$/.test(input.value)) return;
  if (caption.value.trim() && credit.value.trim()) return;
  const response = await fetch(`/admin/news/photos/${input.value}/details/`, {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (!response.ok) return;
  const details = await response.json();
  for (const [field, value] of [
    [caption, details.caption],
    [credit, details.credit],
  ]) {
    if (!field.value.trim() && value) {
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }
});
