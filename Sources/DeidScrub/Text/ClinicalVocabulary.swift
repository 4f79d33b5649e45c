// Hand-written clinical vocabulary (written for this project from general radiology usage):
// words that look like names to a name list ("Head", "Sharp", "Dixon", "Long") but carry the
// clinical meaning of a description. No name rule, cue rule or known-name part cuts them.

enum ClinicalVocabulary {
    static let words = """
        w wo w/o wwo wc woc c+ c- cont contr contrast noncontrast non iv oral po gad gd gado gadolinium
        bolus agent omnipaque visipaque isovue ultravist optiray omniscan dotarem gadavist magnevist
        multihance prohance eovist primovist barium iodine iodinated saline ml mg mgs kg cc
        l r lt rt left right bilat bilateral bil both unilat unilateral ipsilateral contralateral
        ap pa lat lateral lats med medial prox proximal dist distal sup superior inf inferior ant anterior
        post posterior obl oblique oblq axial ax axi tra trans transverse transaxial cor coronal sag
        sagittal saggital sagital frontal lateral decubitus decub supine prone erect upright standing
        lordotic portable port view views projection proj mlo cc xccl lm ml spot mag magnification
        ct cta ctp cte ctv mr mri mra mrv mrcp mrs fmri pet spect nm us usg xr cr dx dr rf xa mg mammo
        mammogram mammography dbt tomo tomosynthesis ot sc sr seg rtstruct rtplan rtdose rtimage
        ekg ecg echo echocardiogram echocardiography doppler duplex fluoro fluoroscopy angio angiogram
        angiography venogram arthrogram myelogram urogram cystogram esophagram dexa dxa bmd densitometry
        radiograph radiography xray x ray scan scanner study studies series image images img imaging
        report reports key keys scout scouts localizer localiser loc locs survey surview topogram scanogram
        pilot tripilot plane planes recon recons reconstruction reconstructed reformat reformats mpr mip
        minip vr vrt 3d 2d 4d cine thin thick slice slices slab mm cm sec ms kv kvp ma mas mgy ctdi dlp
        dose low high ultra standard std routine protocol protocols sequence seq phase phases
        arterial venous portal delayed delay equilibrium early late pre post precontrast postcontrast
        dynamic dyn perfusion diffusion dwi adc dti tensor tractography flair stir tse fse se gre spgr
        fspgr mprage haste vibe tof swi bold epi ssfp fiesta trufi truefisp space cube bravo lava thrive
        dixon ideal fs fatsat fat water sat inphase outphase opp opposed in out echo echoes te tr ti
        t1 t2 t1w t2w pdw pd t1c t1ce t2star star pcasl asl mtc mt spair chess
        b0 b50 b500 b800 b1000 b1500 b2000 mpr_cor mpr_sag
        kernel kernels bone soft tissue lung lungs mediastinum mediastinal window sharp smooth smoothing
        detail edge body brain head neck chest thorax thoracic abdomen abdominal abd pelvis pelvic pel
        spine spinal cervical thoracolumbar lumbar lumbosacral sacrum sacral coccyx cspine tspine lspine
        skull cranial cranium face facial sinus sinuses orbit orbits orbital iac iacs temporal petrous
        mastoid mastoids sella pituitary maxillofacial mandible mandibular maxilla dental teeth tooth
        jaw tmj nasal nose ear ears eye eyes throat larynx laryngeal pharynx pharyngeal tongue
        thyroid parathyroid parotid salivary carotid carotids vertebral aorta aortic arch pulmonary
        pe coronary coronaries cardiac heart cardio vascular vessel vessels artery arteries vein veins
        venous runoff iliac femoral popliteal tibial renal mesenteric celiac portal hepatic
        liver hepato kidney kidneys adrenal adrenals pancreas pancreatic spleen splenic gallbladder
        biliary bile duct ducts bowel colon colonic colonography colonoscopy rectum rectal anus anal
        stomach gastric duodenum small large intestine appendix esophagus esophageal hiatal hernia
        bladder ureter ureters urethra prostate prostatic testis testes scrotum scrotal uterus uterine
        ovary ovaries ovarian cervix endometrium endometrial vagina vaginal fetal fetus ob obstetric
        gyn gynecologic pregnancy placenta breast breasts mammary axilla axillary nipple chest wall
        shoulder shoulders humerus humeral elbow forearm wrist wrists hand hands finger fingers thumb
        hip hips femur knee knees patella leg legs lower upper tibia fibula ankle ankles foot feet toe
        toes heel calcaneus extremity extremities limb limbs joint joints arm arms clavicle scapula rib
        ribs sternum pelvic sacroiliac si pubic symphysis skeleton skeletal whole total complete full
        partial limited bone bones muscle muscles tendon tendons ligament ligaments cartilage meniscus
        rotator cuff labrum acl pcl mcl lcl achilles spine disc discs disk disks nerve nerves plexus
        brachial lymph node nodes nodal lymphoma soft neuro neck head hn cns ent msk gi gu
        nodule nodules mass masses lesion lesions tumor tumour tumors cancer carcinoma malignancy
        malignant benign metastasis metastases metastatic cyst cysts fracture fractures trauma injury
        pain ache infection abscess inflammation edema effusion hemorrhage bleed stroke infarct
        ischemia aneurysm dissection embolism thrombus thrombosis stenosis occlusion calcification
        calcifications microcalcifications fibroma adenoma hernia appendicitis cholecystitis
        pancreatitis diverticulitis pneumonia pneumothorax atelectasis consolidation emphysema copd
        fibrosis cough dyspnea fever hematuria murmur seizure headache syncope dizziness vertigo
        hypertension diabetes diabetic asthma allergy allergic allergies latex metformin pacemaker
        claustrophobia claustrophobic implant implants stent stents prosthesis screening surveillance
        staging restaging followup follow up fu eval evaluation assess assessment rule ro r/o
        history hx indication indications diagnosis dx comparison findings impression clinical
        acute chronic mild moderate severe stable unchanged new old known suspected possible probable
        normal abnormal negative positive bilateral focal diffuse multiple single solitary
        smoker former current baseline interval post op postop preop operative surgical surgery
        biopsy biopsie aspiration drainage injection ablation embolization guided guidance needle
        marker markers clip clips wire localization lesion target targeted
        adult pediatric paediatric peds child infant neonatal newborn canine feline veterinary
        male female
        dicom secondary capture derived primary original localizer reference processed
        enhanced enhancement non-enhanced unenhanced noncon native
        grid wise tomohd tomosynthesis reconstructed volume volumes segmentation segmentations
        presentation state states structured quality control qc test phantom calibration
        frontal parietal occipital temporal cerebellum cerebral cerebellar hippocampus hippocampal
        ventricle ventricles ventricular atrium atrial valve mitral tricuspid septum myocardium
        myocardial pericardium pericardial pleura pleural diaphragm mediastinum hilar hilum trachea
        bronchus bronchi bronchial airway airways lobe lobes upper middle lower lingula
        axis long short gray grey white color colour
        chamber chambers lax sax 2ch 3ch 4ch ch la sa psax plax apical subcostal suprasternal
        pulse wave cw pw mmode m-mode strain tvi tdi lvot rvot lv rv
        fdg psma dotatate choline fluciclovine amyloid tau f18 c11 ga68 tc99m tc mibi sestamibi
        mdp hmpao dtpa mag3 maa bone scan gallium thallium octreotide wb total body wholebody
        ctac ac nac attenuation corrected uncorrected tof psf osem iterative fbp
        crane cranio craniale tete face rachis thorax poumons poumon abdo abdomen bassin genou epaule
        hanche coude poignet cheville main pied sein foie rein coeur cerveau cou colonne vertebrale
        thoraco abdominale abdominal helices helice sans avec injection tardif arteriel portale
        kopf schadel schaedel hals lunge lungen herz leber niere nieren becken knie schulter hufte
        huefte hand fuss wirbelsaule ws hws bws lws brust brustkorb bauch oberbauch unterbauch
        abdomen nativ kontrast kontrastmittel km finger daumen routine standard untersuchung
        cabeza craneo cuello torax pulmon abdomen pelvis rodilla hombro columna mama
        cranio torace addome bacino ginocchio spalla colonna
        hersenen schedel borst buik bekken knie schouder wervelkolom links rechts punctie
        mammografie echo cilinderbiopsie
        tomoscintigrafia scintigrafia scintigraphy scintigraphie
        lumbar cervical thoracic sacral l1 l2 l3 l4 l5 s1 s2 c1 c2 c3 c4 c5 c6 c7 t3 t4 t5 t6 t7 t8
        t9 t10 t11 t12 level levels
        acquisition acquired phase phases frame frames gated gating ecg-gated cardiac cine
        calcium score smartscore agatston quantitative quant analysis map maps mapping
        fov matrix resolution hd hr lr
        ivc svc ivp kub lat pa ap
        sinus sinuses paranasal
        exam examination procedure request requested performed scheduled prior priors
        none other unknown misc miscellaneous test testing sample demo
        """
}
