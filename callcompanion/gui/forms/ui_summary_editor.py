# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'summary_editor.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton, QSizePolicy, QSpacerItem, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

class Ui_SummaryEditor(object):
    def setupUi(self, SummaryEditor):
        if not SummaryEditor.objectName():
            SummaryEditor.setObjectName(u"SummaryEditor")
        SummaryEditor.resize(560, 640)
        self.editorLayout = QVBoxLayout(SummaryEditor)
        self.editorLayout.setObjectName(u"editorLayout")
        self.titleLabel = QLabel(SummaryEditor)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)

        self.editorLayout.addWidget(self.titleLabel)

        self.contextLabel = QLabel(SummaryEditor)
        self.contextLabel.setObjectName(u"contextLabel")
        self.contextLabel.setWordWrap(True)

        self.editorLayout.addWidget(self.contextLabel)

        self.noticeArea = QWidget(SummaryEditor)
        self.noticeArea.setObjectName(u"noticeArea")
        self.noticeLayout = QVBoxLayout(self.noticeArea)
        self.noticeLayout.setObjectName(u"noticeLayout")
        self.noticeLayout.setContentsMargins(0, 0, 0, 0)

        self.editorLayout.addWidget(self.noticeArea)

        self.tabs = QTabWidget(SummaryEditor)
        self.tabs.setObjectName(u"tabs")
        self.notesTab = QWidget()
        self.notesTab.setObjectName(u"notesTab")
        self.notesForm = QFormLayout(self.notesTab)
        self.notesForm.setObjectName(u"notesForm")
        self.notesForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.notesForm.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.attendeesLabel = QLabel(self.notesTab)
        self.attendeesLabel.setObjectName(u"attendeesLabel")

        self.notesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.attendeesLabel)

        self.attendeesEdit = QLineEdit(self.notesTab)
        self.attendeesEdit.setObjectName(u"attendeesEdit")

        self.notesForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.attendeesEdit)

        self.learnedLabel = QLabel(self.notesTab)
        self.learnedLabel.setObjectName(u"learnedLabel")

        self.notesForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.learnedLabel)

        self.learnedEdit = QPlainTextEdit(self.notesTab)
        self.learnedEdit.setObjectName(u"learnedEdit")
        self.learnedEdit.setTabChangesFocus(True)

        self.notesForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.learnedEdit)

        self.engineerNextLabel = QLabel(self.notesTab)
        self.engineerNextLabel.setObjectName(u"engineerNextLabel")

        self.notesForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.engineerNextLabel)

        self.engineerNextEdit = QPlainTextEdit(self.notesTab)
        self.engineerNextEdit.setObjectName(u"engineerNextEdit")
        self.engineerNextEdit.setTabChangesFocus(True)

        self.notesForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.engineerNextEdit)

        self.customerNextLabel = QLabel(self.notesTab)
        self.customerNextLabel.setObjectName(u"customerNextLabel")

        self.notesForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.customerNextLabel)

        self.customerNextEdit = QPlainTextEdit(self.notesTab)
        self.customerNextEdit.setObjectName(u"customerNextEdit")
        self.customerNextEdit.setTabChangesFocus(True)

        self.notesForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.customerNextEdit)

        self.nextCallLabel = QLabel(self.notesTab)
        self.nextCallLabel.setObjectName(u"nextCallLabel")

        self.notesForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.nextCallLabel)

        self.nextCallEdit = QPlainTextEdit(self.notesTab)
        self.nextCallEdit.setObjectName(u"nextCallEdit")
        self.nextCallEdit.setTabChangesFocus(True)

        self.notesForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.nextCallEdit)

        self.tabs.addTab(self.notesTab, "")
        self.replyTab = QWidget()
        self.replyTab.setObjectName(u"replyTab")
        self.replyLayout = QVBoxLayout(self.replyTab)
        self.replyLayout.setObjectName(u"replyLayout")
        self.replyHint = QLabel(self.replyTab)
        self.replyHint.setObjectName(u"replyHint")
        self.replyHint.setWordWrap(True)

        self.replyLayout.addWidget(self.replyHint)

        self.bodyEdit = QPlainTextEdit(self.replyTab)
        self.bodyEdit.setObjectName(u"bodyEdit")
        self.bodyEdit.setTabChangesFocus(True)

        self.replyLayout.addWidget(self.bodyEdit)

        self.replyButtons = QHBoxLayout()
        self.replyButtons.setObjectName(u"replyButtons")
        self.refillButton = QPushButton(self.replyTab)
        self.refillButton.setObjectName(u"refillButton")

        self.replyButtons.addWidget(self.refillButton)

        self.macroButton = QPushButton(self.replyTab)
        self.macroButton.setObjectName(u"macroButton")

        self.replyButtons.addWidget(self.macroButton)

        self.replyButtonsSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.replyButtons.addItem(self.replyButtonsSpacer)


        self.replyLayout.addLayout(self.replyButtons)

        self.tabs.addTab(self.replyTab, "")
        self.internalTab = QWidget()
        self.internalTab.setObjectName(u"internalTab")
        self.internalLayout = QVBoxLayout(self.internalTab)
        self.internalLayout.setObjectName(u"internalLayout")
        self.internalHint = QLabel(self.internalTab)
        self.internalHint.setObjectName(u"internalHint")
        self.internalHint.setWordWrap(True)

        self.internalLayout.addWidget(self.internalHint)

        self.internalEdit = QPlainTextEdit(self.internalTab)
        self.internalEdit.setObjectName(u"internalEdit")
        self.internalEdit.setTabChangesFocus(True)

        self.internalLayout.addWidget(self.internalEdit)

        self.tabs.addTab(self.internalTab, "")
        self.previewTab = QWidget()
        self.previewTab.setObjectName(u"previewTab")
        self.previewLayout = QVBoxLayout(self.previewTab)
        self.previewLayout.setObjectName(u"previewLayout")
        self.previewLabel = QLabel(self.previewTab)
        self.previewLabel.setObjectName(u"previewLabel")
        self.previewLabel.setWordWrap(True)

        self.previewLayout.addWidget(self.previewLabel)

        self.previewBrowser = QTextBrowser(self.previewTab)
        self.previewBrowser.setObjectName(u"previewBrowser")

        self.previewLayout.addWidget(self.previewBrowser)

        self.tabs.addTab(self.previewTab, "")

        self.editorLayout.addWidget(self.tabs)

        self.optionsForm = QFormLayout()
        self.optionsForm.setObjectName(u"optionsForm")
        self.optionsForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.visibilityLabel = QLabel(SummaryEditor)
        self.visibilityLabel.setObjectName(u"visibilityLabel")

        self.optionsForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.visibilityLabel)

        self.visibilityLayout = QHBoxLayout()
        self.visibilityLayout.setObjectName(u"visibilityLayout")
        self.publicRadio = QRadioButton(SummaryEditor)
        self.publicRadio.setObjectName(u"publicRadio")
        self.publicRadio.setChecked(True)

        self.visibilityLayout.addWidget(self.publicRadio)

        self.internalRadio = QRadioButton(SummaryEditor)
        self.internalRadio.setObjectName(u"internalRadio")

        self.visibilityLayout.addWidget(self.internalRadio)

        self.visibilitySpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.visibilityLayout.addItem(self.visibilitySpacer)


        self.optionsForm.setLayout(0, QFormLayout.ItemRole.FieldRole, self.visibilityLayout)

        self.statusLabel = QLabel(SummaryEditor)
        self.statusLabel.setObjectName(u"statusLabel")

        self.optionsForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusCombo = QComboBox(SummaryEditor)
        self.statusCombo.setObjectName(u"statusCombo")

        self.optionsForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.tagsLabel = QLabel(SummaryEditor)
        self.tagsLabel.setObjectName(u"tagsLabel")

        self.optionsForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.tagsLabel)

        self.tagsEdit = QLineEdit(SummaryEditor)
        self.tagsEdit.setObjectName(u"tagsEdit")

        self.optionsForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.tagsEdit)


        self.editorLayout.addLayout(self.optionsForm)

        self.bottomButtons = QHBoxLayout()
        self.bottomButtons.setObjectName(u"bottomButtons")
        self.savedLabel = QLabel(SummaryEditor)
        self.savedLabel.setObjectName(u"savedLabel")

        self.bottomButtons.addWidget(self.savedLabel)

        self.bottomSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.bottomButtons.addItem(self.bottomSpacer)

        self.copyButton = QPushButton(SummaryEditor)
        self.copyButton.setObjectName(u"copyButton")

        self.bottomButtons.addWidget(self.copyButton)

        self.dismissButton = QPushButton(SummaryEditor)
        self.dismissButton.setObjectName(u"dismissButton")

        self.bottomButtons.addWidget(self.dismissButton)

        self.postButton = QPushButton(SummaryEditor)
        self.postButton.setObjectName(u"postButton")

        self.bottomButtons.addWidget(self.postButton)


        self.editorLayout.addLayout(self.bottomButtons)

#if QT_CONFIG(shortcut)
        self.attendeesLabel.setBuddy(self.attendeesEdit)
        self.learnedLabel.setBuddy(self.learnedEdit)
        self.engineerNextLabel.setBuddy(self.engineerNextEdit)
        self.customerNextLabel.setBuddy(self.customerNextEdit)
        self.nextCallLabel.setBuddy(self.nextCallEdit)
        self.statusLabel.setBuddy(self.statusCombo)
        self.tagsLabel.setBuddy(self.tagsEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.tabs, self.attendeesEdit)
        QWidget.setTabOrder(self.attendeesEdit, self.learnedEdit)
        QWidget.setTabOrder(self.learnedEdit, self.engineerNextEdit)
        QWidget.setTabOrder(self.engineerNextEdit, self.customerNextEdit)
        QWidget.setTabOrder(self.customerNextEdit, self.nextCallEdit)
        QWidget.setTabOrder(self.nextCallEdit, self.bodyEdit)
        QWidget.setTabOrder(self.bodyEdit, self.refillButton)
        QWidget.setTabOrder(self.refillButton, self.macroButton)
        QWidget.setTabOrder(self.macroButton, self.internalEdit)
        QWidget.setTabOrder(self.internalEdit, self.previewBrowser)
        QWidget.setTabOrder(self.previewBrowser, self.publicRadio)
        QWidget.setTabOrder(self.publicRadio, self.internalRadio)
        QWidget.setTabOrder(self.internalRadio, self.statusCombo)
        QWidget.setTabOrder(self.statusCombo, self.tagsEdit)
        QWidget.setTabOrder(self.tagsEdit, self.copyButton)
        QWidget.setTabOrder(self.copyButton, self.dismissButton)
        QWidget.setTabOrder(self.dismissButton, self.postButton)

        self.retranslateUi(SummaryEditor)

        self.tabs.setCurrentIndex(0)
        self.postButton.setDefault(True)


        QMetaObject.connectSlotsByName(SummaryEditor)
    # setupUi

    def retranslateUi(self, SummaryEditor):
        SummaryEditor.setWindowTitle(QCoreApplication.translate("SummaryEditor", u"Call summary \u00b7 callcompanion", None))
#if QT_CONFIG(accessibility)
        self.titleLabel.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Call", None))
#endif // QT_CONFIG(accessibility)
        self.titleLabel.setText("")
#if QT_CONFIG(accessibility)
        self.contextLabel.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Ticket details", None))
#endif // QT_CONFIG(accessibility)
        self.contextLabel.setText("")
#if QT_CONFIG(accessibility)
        self.noticeArea.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Messages about this summary", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.tabs.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Summary sections", None))
#endif // QT_CONFIG(accessibility)
        self.attendeesLabel.setText(QCoreApplication.translate("SummaryEditor", u"&Attendees", None))
#if QT_CONFIG(accessibility)
        self.attendeesEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Attendees", None))
#endif // QT_CONFIG(accessibility)
        self.attendeesEdit.setPlaceholderText(QCoreApplication.translate("SummaryEditor", u"Names, separated by commas", None))
        self.learnedLabel.setText(QCoreApplication.translate("SummaryEditor", u"What we &learned and did", None))
#if QT_CONFIG(accessibility)
        self.learnedEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"What we learned and did", None))
#endif // QT_CONFIG(accessibility)
        self.engineerNextLabel.setText(QCoreApplication.translate("SummaryEditor", u"Next steps for &me", None))
#if QT_CONFIG(accessibility)
        self.engineerNextEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Next steps for me", None))
#endif // QT_CONFIG(accessibility)
        self.customerNextLabel.setText(QCoreApplication.translate("SummaryEditor", u"Next steps for the &customer", None))
#if QT_CONFIG(accessibility)
        self.customerNextEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Next steps for the customer", None))
#endif // QT_CONFIG(accessibility)
        self.nextCallLabel.setText(QCoreApplication.translate("SummaryEditor", u"Ne&xt call", None))
#if QT_CONFIG(accessibility)
        self.nextCallEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Recommendations for a next call", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.notesTab), QCoreApplication.translate("SummaryEditor", u"&Notes", None))
#if QT_CONFIG(accessibility)
        self.replyHint.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"About the reply", None))
#endif // QT_CONFIG(accessibility)
        self.replyHint.setText("")
#if QT_CONFIG(accessibility)
        self.bodyEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Reply text", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.refillButton.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Fill the reply in from the notes", None))
#endif // QT_CONFIG(accessibility)
        self.refillButton.setText(QCoreApplication.translate("SummaryEditor", u"&Fill in from notes", None))
#if QT_CONFIG(accessibility)
        self.macroButton.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Use a Zendesk macro", None))
#endif // QT_CONFIG(accessibility)
        self.macroButton.setText(QCoreApplication.translate("SummaryEditor", u"Use a Zendesk &macro\u2026", None))
        self.tabs.setTabText(self.tabs.indexOf(self.replyTab), QCoreApplication.translate("SummaryEditor", u"&Reply", None))
        self.internalHint.setText(QCoreApplication.translate("SummaryEditor", u"Optional. Posted after the reply as a separate internal note: details only the team should see.", None))
#if QT_CONFIG(accessibility)
        self.internalEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Internal note text", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.internalTab), QCoreApplication.translate("SummaryEditor", u"&Internal note", None))
#if QT_CONFIG(accessibility)
        self.previewLabel.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Who will read it", None))
#endif // QT_CONFIG(accessibility)
        self.previewLabel.setText("")
#if QT_CONFIG(accessibility)
        self.previewBrowser.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Preview of the post", None))
#endif // QT_CONFIG(accessibility)
        self.tabs.setTabText(self.tabs.indexOf(self.previewTab), QCoreApplication.translate("SummaryEditor", u"Pre&view", None))
        self.visibilityLabel.setText(QCoreApplication.translate("SummaryEditor", u"Post as", None))
#if QT_CONFIG(accessibility)
        self.publicRadio.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Public reply", None))
#endif // QT_CONFIG(accessibility)
        self.publicRadio.setText(QCoreApplication.translate("SummaryEditor", u"&Public reply", None))
#if QT_CONFIG(accessibility)
        self.internalRadio.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Internal note only", None))
#endif // QT_CONFIG(accessibility)
        self.internalRadio.setText(QCoreApplication.translate("SummaryEditor", u"Internal n&ote", None))
        self.statusLabel.setText(QCoreApplication.translate("SummaryEditor", u"Ticket &status", None))
#if QT_CONFIG(accessibility)
        self.statusCombo.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Ticket status after posting", None))
#endif // QT_CONFIG(accessibility)
        self.tagsLabel.setText(QCoreApplication.translate("SummaryEditor", u"&Tags", None))
#if QT_CONFIG(accessibility)
        self.tagsEdit.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Tags to add", None))
#endif // QT_CONFIG(accessibility)
        self.tagsEdit.setPlaceholderText(QCoreApplication.translate("SummaryEditor", u"none", None))
#if QT_CONFIG(accessibility)
        self.savedLabel.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Draft status", None))
#endif // QT_CONFIG(accessibility)
        self.savedLabel.setText("")
#if QT_CONFIG(accessibility)
        self.copyButton.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Copy the summary as Markdown", None))
#endif // QT_CONFIG(accessibility)
        self.copyButton.setText(QCoreApplication.translate("SummaryEditor", u"Cop&y as Markdown", None))
#if QT_CONFIG(accessibility)
        self.dismissButton.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"No summary needed for this call", None))
#endif // QT_CONFIG(accessibility)
        self.dismissButton.setText(QCoreApplication.translate("SummaryEditor", u"No summary &needed", None))
#if QT_CONFIG(accessibility)
        self.postButton.setAccessibleName(QCoreApplication.translate("SummaryEditor", u"Post the summary to the ticket", None))
#endif // QT_CONFIG(accessibility)
        self.postButton.setText(QCoreApplication.translate("SummaryEditor", u"Post", None))
    # retranslateUi

