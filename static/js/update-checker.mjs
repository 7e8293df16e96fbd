// Runs the plain-English checker as the caseworker types. Progressive enhancement only: without
// this script the "Check and preview" button runs the same check on the server, which is the
// authority whenever an update is previewed or sent.
const form = document.querySelector('form[data-checker-url]')

if (form) {
  const body = form.querySelector('textarea[name="body"]')
  const result = document.getElementById('checker-result')
  const token = form.querySelector('input[name="csrf_token"]').value
  const event = form.querySelector('input[name="event"]').value
  let timer
  let controller

  const paragraph = (text, id) => {
    const p = document.createElement('p')
    p.className = 'govuk-body-s'
    if (id) p.id = id
    p.textContent = text
    return p
  }

  const show = (data) => {
    const parts = []
    if (data.reading_ease !== null) parts.push(paragraph(data.reading_ease_text, 'checker-score'))
    parts.push(paragraph(data.summary, 'checker-summary'))
    if (data.warnings.length) {
      const list = document.createElement('ul')
      list.className = 'govuk-list govuk-list--bullet'
      list.id = 'checker-warnings'
      for (const warning of data.warnings) {
        const item = document.createElement('li')
        item.textContent = warning
        list.append(item)
      }
      parts.push(list)
    }
    result.replaceChildren(...parts)
  }

  const check = async () => {
    if (controller) controller.abort()
    controller = new AbortController()
    const language = form.querySelector('input[name="language"]:checked')?.value || 'en'
    try {
      const response = await fetch(form.dataset.checkerUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
        body: JSON.stringify({ event, body: body.value, language }),
        signal: controller.signal
      })
      if (response.ok) show(await response.json())
    } catch (error) {
      // A failed check leaves the last result; the server checks again on preview and send.
      if (error.name !== 'AbortError') controller = undefined
    }
  }

  body.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(check, 500)
  })
}
