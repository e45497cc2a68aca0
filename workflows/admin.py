# Flow rows are administered through the dossier pages; nothing is registered here.
