// Coding a note where you read it. Selecting words turns them into character offsets of the
// note body and asks the server for the coding panel, which opens just below those words; the
// panel saves in place and the page stays where the researcher was. Without JavaScript the
// same panel opens at a turn through "Code this turn", and saving returns to that turn.

import { initAll } from './govuk-frontend.min.js'

const note = document.querySelector('[data-module="app-highlighter"]')
const status = document.getElementById('code-status')

function textOffsetWithin (container, node, offset) {
  const range = document.createRange()
  range.selectNodeContents(container)
  range.setEnd(node, offset)
  return range.toString().length
}

function bodyOffset (node, offset) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement
  const text = element && element.closest('.app-utterance__text')
  if (!text || !note.contains(text)) return null
  return Number(text.dataset.charStart) + textOffsetWithin(text, node, offset)
}

function announce (message) {
  if (status) status.textContent = message
}

function closePanel () {
  const open = note.querySelector('#code-panel')
  if (open) open.remove()
}

// Removing the panel must not drop keyboard focus to the top of the page: if focus was in it,
// it goes back to the turn's "Code this turn" link, where the researcher came from.
function removePanel (panel, turn, hadFocus = panel.contains(document.activeElement)) {
  panel.remove()
  if (hadFocus) turn.querySelector('.app-utterance__code')?.focus()
}

function initCheckboxes (root) {
  initAll({ scope: root })
}

async function openPanel (turn, query, { focus }) {
  const response = await fetch(`${note.dataset.panelUrl}?${new URLSearchParams(query)}`, {
    headers: { 'X-Requested-With': 'fetch' },
    credentials: 'same-origin'
  })
  if (!response.ok) return
  closePanel()
  turn.insertAdjacentHTML('beforeend', await response.text())
  const panel = turn.querySelector('#code-panel')
  wirePanel(panel)
  panel.scrollIntoView({ block: 'nearest' })
  if (focus) panel.focus()
}

function showSaved (data) {
  for (const [id, html] of Object.entries(data.turns)) {
    const text = document.querySelector(`#${id} .app-utterance__text`)
    if (text) text.innerHTML = html
  }
  document.getElementById('note-findings').innerHTML = data.findings_html
  document.getElementById('finding-descriptions').innerHTML = data.descriptions_html
  document.getElementById('note-findings-count').textContent = data.count_text
  announce(data.message)
}

function wirePanel (panel) {
  initCheckboxes(panel)
  const form = panel.querySelector('form')
  const turn = panel.closest('.app-utterance')
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    // Disabling the focused button blurs it, so note first whether the researcher is in the panel.
    const hadFocus = panel.contains(document.activeElement)
    const button = form.querySelector('button[type="submit"], input[type="submit"]')
    if (button) button.disabled = true
    let response
    try {
      response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        headers: { 'X-Requested-With': 'fetch' },
        credentials: 'same-origin'
      })
    } catch (error) {
      response = null
    }
    if (response && response.ok) {
      const data = await response.json()
      removePanel(panel, turn, hadFocus)
      showSaved(data)
      const saved = document.createElement('p')
      saved.className = 'govuk-body app-code-saved'
      saved.textContent = data.message
      turn.appendChild(saved)
      setTimeout(() => saved.remove(), 6000)
      return
    }
    if (response && response.status === 422) {
      const data = await response.json()
      panel.outerHTML = data.panel_html
      const fresh = turn.querySelector('#code-panel')
      wirePanel(fresh)
      const summary = fresh.querySelector('.govuk-error-summary')
      if (summary) summary.focus()
      return
    }
    // Anything else (signed out, a lost connection): let the browser post it as a normal form.
    form.submit()
  })
  panel.querySelector('.app-code-panel__cancel').addEventListener('click', (event) => {
    event.preventDefault()
    removePanel(panel, turn)
    window.getSelection().removeAllRanges()
  })
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') removePanel(panel, turn)
  })
  wireTagFinder(panel)
}

// Type-ahead over the codebook: typing shows only the tags whose names contain the words and
// opens the full list; Enter ticks the first match instead of saving the form.
function wireTagFinder (panel) {
  const input = panel.querySelector('.app-tag-finder')
  if (!input) return
  const options = [...panel.querySelectorAll('.app-tag-option')]
  const details = panel.querySelector('.app-code-panel__all-tags')
  const finderStatus = panel.querySelector('.app-tag-finder__status')
  const canCreate = panel.dataset.mayCreate === 'true'
  const matches = () => {
    const typed = input.value.trim().toLowerCase()
    return options.filter((option) => !typed || option.dataset.tagName.includes(typed))
  }
  input.addEventListener('input', () => {
    const typed = input.value.trim().toLowerCase()
    const shown = matches()
    options.forEach((option) => { option.hidden = !shown.includes(option) })
    if (details && typed) details.open = true
    finderStatus.hidden = !typed
    if (!typed) return
    const words = finderStatus.dataset
    if (shown.length === 1) {
      finderStatus.textContent = words.one
    } else if (shown.length) {
      finderStatus.textContent = words.many.replace('{num}', shown.length)
    } else {
      finderStatus.textContent = canCreate ? words.noneCreate.replace('{name}', input.value.trim()) : words.none
    }
  })
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return
    const shown = matches()
    if (!shown.length) return
    event.preventDefault()
    const box = shown[0].querySelector('input')
    box.checked = true
    input.value = ''
    input.dispatchEvent(new Event('input'))
    finderStatus.hidden = false
    const name = shown[0].querySelector('label').firstChild.textContent.trim()
    finderStatus.textContent = finderStatus.dataset.ticked.replace('{name}', name)
  })
}

if (note) {
  note.classList.add('app-highlighter--js')
  document.querySelector('.app-highlight-help')?.classList.add('app-highlight-help--js')

  const capture = () => {
    const selection = window.getSelection()
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return
    const range = selection.getRangeAt(0)
    const from = bodyOffset(range.startContainer, range.startOffset)
    const to = bodyOffset(range.endContainer, range.endOffset)
    if (from === null || to === null || to <= from) return
    const endText = (range.endContainer.nodeType === Node.ELEMENT_NODE ? range.endContainer : range.endContainer.parentElement)
    const turn = endText.closest('.app-utterance')
    openPanel(turn, { start: from, end: to }, { focus: false })
  }

  note.addEventListener('mouseup', (event) => {
    if (event.target.closest('#code-panel')) return
    setTimeout(capture, 0)
  })
  note.addEventListener('keyup', (event) => {
    if (event.target.closest('#code-panel')) return
    if (event.shiftKey) capture()
  })
  note.addEventListener('click', (event) => {
    const code = event.target.closest('.app-utterance__code')
    if (code) {
      event.preventDefault()
      openPanel(code.closest('.app-utterance'), { turn: code.dataset.turn }, { focus: true })
      return
    }
    // A drag that starts and ends on a highlight selects words; it should not open the finding.
    const link = event.target.closest('.app-highlight__link')
    const selection = window.getSelection()
    if (link && selection && !selection.isCollapsed) event.preventDefault()
  })

  // "Next untagged turn" and "Next turn by" continue from the turn at the top of the screen.
  const afterFields = document.querySelectorAll('.app-note-tools__after')
  let ticking = false
  window.addEventListener('scroll', () => {
    if (ticking) return
    ticking = true
    window.requestAnimationFrame(() => {
      ticking = false
      const turns = note.querySelectorAll('.app-utterance')
      const top = [...turns].find((turn) => turn.getBoundingClientRect().bottom > 0)
      if (top) afterFields.forEach((field) => { field.value = top.dataset.position })
    })
  }, { passive: true })

  const panel = note.querySelector('#code-panel')
  if (panel) wirePanel(panel)
}
