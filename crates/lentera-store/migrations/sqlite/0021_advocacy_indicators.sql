-- Built-in indicators of advocacy, commitments, regulations, partnerships and work plans.
INSERT INTO indicators (code, name, name_en, definition, measure, categories, headline, position, built_in) VALUES
    ('advokasi', 'Kegiatan advokasi', 'Advocacy activities',
     'Audiensi, pertemuan, musrenbang, paparan di BPD, lobi dan liputan media yang dicatat perpustakaan dan kantor, menurut tanggalnya.', 'advokasi', NULL, 0, 300, 1),
    ('janji_dibuat', 'Janji dukungan dibuat', 'Commitments made',
     'Janji dana, barang, regulasi atau tenaga dari pemangku kepentingan dalam advokasi, menurut tanggal advokasinya.', 'janji_dibuat', NULL, 0, 310, 1),
    ('janji_ditepati', 'Janji dukungan ditepati', 'Commitments kept',
     'Janji yang ditepati penuh atau sebagian: janji dana bila anggaran baris rencana kerjanya tercatat.', 'janji_ditepati', NULL, 0, 311, 1),
    ('janji_ditepati_rp', 'Dana janji yang ditepati', 'Money of commitments kept',
     'Rupiah janji dana yang tercatat disetujui atau dibelanjakan pada baris rencana kerjanya (paling banyak sebesar janjinya).', 'janji_ditepati_rp', NULL, 0, 312, 1),
    ('regulasi_ditetapkan', 'Regulasi ditetapkan', 'Regulations enacted',
     'Perdes, Perkades, Perbup/Perwal, Perda dan SK yang ditetapkan dalam periode, menurut tanggal penetapan.', 'regulasi_ditetapkan', NULL, 0, 320, 1),
    ('kemitraan_aktif', 'Kemitraan aktif', 'Active partnerships',
     'Kemitraan dan MoU yang berjalan pada hari terakhir periode.', 'kemitraan_aktif', NULL, 0, 330, 1),
    ('anggaran_diperoleh', 'Anggaran diperoleh', 'Budget leveraged',
     'Rupiah yang disetujui pemegang anggaran (APBDes, APBD, hibah) untuk baris rencana kerja yang berlaku pada tahun-tahun periode.', 'anggaran_diperoleh', NULL, 0, 340, 1),
    ('rencana_kerja_disetujui', 'Perpustakaan dengan rencana kerja disetujui', 'Libraries with an approved work plan',
     'Persentase perpustakaan program (wajib lapor) yang rencana kerja tahun terakhir periodenya sudah disetujui.', 'rencana_kerja_disetujui', NULL, 0, 350, 1);
