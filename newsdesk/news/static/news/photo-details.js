// The article form (news.photos): when a lead photo is chosen, its own caption and credit fill
// the empty caption and credit fields, which stay editable. Nothing typed is overwritten.
(() => {
  const input = document.getElementById('id_lead_image');
  const caption = document.getElementById('id_lead_image_caption');
  const credit = document.getElementById('id_lead_image_credit');
  if (!input || !caption || !credit) return;
  const base = input.closest('form')?.dataset.photoDetailsUrl || '/admin/news/photos/';
  input.addEventListener('change', async () => {
    if (!/^\d+$/.test(input.value) || (caption.value.trim() && credit.value.trim())) return;
    const response = await fetch(`${base}${input.value}/details/`, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) return;
    const details = await response.json();
    for (const [field, value] of [[caption, details.caption], [credit, details.credit]]) {
      if (!field.value.trim() && value) {
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }
    }
  });
})();
