// Highlighting: turns a text selection inside the note into character offsets of the note
// body, so the saved finding quotes exactly the words chosen. Without JavaScript the page
// still works: researchers tick whole turns instead.

const form = document.querySelector('[data-module="app-highlighter"]')

function textOffsetWithin (container, node, offset) {
  const range = document.createRange()
  range.selectNodeContents(container)
  range.setEnd(node, offset)
  return range.toString().length
}

function bodyOffset (node, offset) {
  const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement
  const text = element && element.closest('.app-utterance__text')
  if (!text || !form.contains(text)) return null
  return Number(text.dataset.charStart) + textOffsetWithin(text, node, offset)
}

if (form) {
  const start = form.querySelector('#highlight-start')
  const end = form.querySelector('#highlight-end')
  const preview = form.querySelector('.app-selection-preview')
  const previewText = form.querySelector('.app-selection-preview__text')
  const clear = form.querySelector('.app-selection-clear')
  form.classList.add('app-highlighter--js')

  const reset = () => {
    start.value = ''
    end.value = ''
    preview.hidden = true
    previewText.textContent = ''
  }

  const capture = () => {
    const selection = window.getSelection()
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return
    const range = selection.getRangeAt(0)
    const from = bodyOffset(range.startContainer, range.startOffset)
    const to = bodyOffset(range.endContainer, range.endOffset)
    if (from === null || to === null || to <= from) return
    start.value = String(from)
    end.value = String(to)
    previewText.textContent = selection.toString().trim()
    preview.hidden = false
  }

  form.querySelector('.app-note-text').addEventListener('mouseup', capture)
  form.querySelector('.app-note-text').addEventListener('keyup', capture)
  clear.addEventListener('click', reset)
}
