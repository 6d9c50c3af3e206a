import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.js'
import './styles/base.css'
import './styles/layout.css'
import './styles/components.css'

const root = document.getElementById('root')
if (!root) throw new Error('the console needs <div id="root">')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
