"""Row locks of stored papers: the certificate register, the documents and their batches,
the print settings (a decision's own lock is ``decisions.locks``)."""

from documents.models import CertificateSerialRegister, CertificateSettings, GeneratedDocument, GenerationBatch

serial_registers_for_update = CertificateSerialRegister.objects.select_for_update
generated_documents_for_update = GeneratedDocument.objects.select_for_update
batches_for_update = GenerationBatch.objects.select_for_update
certificate_settings_for_update = CertificateSettings.objects.select_for_update
